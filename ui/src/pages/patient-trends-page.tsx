import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import * as api from '../api/endpoints';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { VitalCharts } from '../monitoring/vital-charts';
import { useEnrolmentUpdates } from '../realtime/realtime-context';

/** The patient's own readings over time: one simple chart per value, newest value on top. */
export function PatientTrendsPage() {
  const { t } = useTranslation();
  const monitoring = useApi((signal) => api.myMonitoring(signal), []);
  const [refreshSignal, setRefreshSignal] = useState(0);
  useEnrolmentUpdates(() => setRefreshSignal((n) => n + 1));
  return (
    <>
      <PageHeading title={t('trends.title')} intro={t('trends.intro')} />
      <AsyncView resource={monitoring}>
        {(data) => (
          <div className="trends" data-testid="trends">
            <VitalCharts
              monitoring={data}
              loadObservations={(dataPoint, signal) => api.myObservations(dataPoint, 200, signal)}
              showBands={false}
              refreshSignal={refreshSignal}
              headingLevel="h2"
            />
            {data.measurements.length > 0 && (
              <Link
                to="/patient/misurazioni"
                className="button button--primary button--block trends__send"
              >
                {t('trends.send')}
              </Link>
            )}
          </div>
        )}
      </AsyncView>
    </>
  );
}

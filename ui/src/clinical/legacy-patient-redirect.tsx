import type { ReactNode } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { useUser } from '../session/session-context';
import { patientPagePath } from './patient-routes';

/** Links saved before the patient page had its own address (`/nurse?paziente=…`) still work. */
export function LegacyPatientRedirect({ children }: { children: ReactNode }) {
  const user = useUser();
  const [params] = useSearchParams();
  const patientId = params.get('paziente');
  if (patientId) return <Navigate to={patientPagePath(user.role, patientId)} replace />;
  return <>{children}</>;
}

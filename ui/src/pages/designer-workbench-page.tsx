import { useEffect, useId, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type {
  Pathway,
  PathwayDocument,
  ScenarioExample,
  SimulationResult,
  SourceFormat,
  SourceProblem,
} from '../api/types';
import { AsyncView } from '../components/async-view';
import { ErrorMessage } from '../components/error-message';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { CodeEditor, revealLine } from '../designer/code-editor';
import { ProblemList } from '../designer/problem-list';
import { simulationProblems } from '../designer/simulation-problems';
import { SimulationReport } from '../designer/simulation-report';
import { convertText, parseText, toText } from '../designer/source-text';
import { emptyIndex, indexDefinition } from '../designer/timeline-text';

const MAX_DAYS = 400;
const DEFAULT_DAYS = 30;

type Validation =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'valid'; definition: PathwayDocument }
  | { status: 'invalid'; errors: SourceProblem[] }
  | { status: 'failed'; error: unknown };

type Simulation =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: SimulationResult }
  | { status: 'invalid'; source: SourceProblem[]; scenario: number; days: string[] }
  | { status: 'failed'; error: unknown };

export function DesignerWorkbenchPage() {
  const { t } = useTranslation();
  const pathways = useApi((signal) => api.listPathways(signal), []);
  return (
    <>
      <PageHeading title={t('workbench.title')} intro={t('workbench.intro')} />
      <AsyncView resource={pathways}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">{t('designer.empty')}</p>
          ) : (
            <Workbench pathways={items} />
          )
        }
      </AsyncView>
    </>
  );
}

function Workbench({ pathways }: { pathways: Pathway[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const ids = {
    definition: useId(),
    scenario: useId(),
    results: useId(),
    pathway: useId(),
    example: useId(),
    days: useId(),
    validation: useId(),
    scenarioErrors: useId(),
  };
  const sourceRef = useRef<HTMLTextAreaElement>(null);
  const scenarioRef = useRef<HTMLTextAreaElement>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);

  const sorted = useMemo(
    () =>
      [...pathways].sort((a, b) =>
        localized(a.title, language).localeCompare(localized(b.title, language), language),
      ),
    [pathways, language],
  );
  const [pathwayId, setPathwayId] = useState(() => sorted[0]?.id ?? '');
  const [format, setFormat] = useState<SourceFormat>('yaml');
  const [source, setSource] = useState('');
  const [loadedSource, setLoadedSource] = useState('');
  const [loading, setLoading] = useState<'loading' | 'ready' | { error: unknown }>('loading');

  const examples = useApi((signal) => api.listScenarios(pathwayId, signal), [pathwayId]);
  const [exampleId, setExampleId] = useState('');
  const [scenario, setScenario] = useState('');
  const [scenarioProblems, setScenarioProblems] = useState<SourceProblem[]>([]);
  const [days, setDays] = useState(String(DEFAULT_DAYS));

  const [validation, setValidation] = useState<Validation>({ status: 'idle' });
  const [validatedSource, setValidatedSource] = useState<string | null>(null);
  const [simulation, setSimulation] = useState<Simulation>({ status: 'idle' });
  const [simulatedIndex, setSimulatedIndex] = useState(emptyIndex);

  // The definition of the chosen built-in, as text in the chosen format.
  useEffect(() => {
    if (!pathwayId) return undefined;
    const controller = new AbortController();
    setLoading('loading');
    api
      .getPathway(pathwayId, controller.signal)
      .then((definition) => {
        const text = toText(definition, format);
        setSource(text);
        setLoadedSource(text);
        setLoading('ready');
        setValidation({ status: 'idle' });
        setSimulation({ status: 'idle' });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoading({ error });
      });
    return () => controller.abort();
    // The format only shapes the first text; switching it later converts what is in the editor.
  }, [pathwayId]);

  // The first example scenario of the chosen pathway, or an empty one. Only a new list replaces
  // the text: switching the language must not throw away a scenario being written.
  useEffect(() => {
    if (examples.state.status === 'loading') return;
    const first = examples.state.status === 'ready' ? examples.state.data[0] : undefined;
    setExampleId(first?.id ?? '');
    if (first) applyExample(first);
    else setScenario(t('workbench.emptyScenario', { days: DEFAULT_DAYS }));
    setScenarioProblems([]);
  }, [examples.state]);

  // A finished simulation takes focus to the results: on a phone they are below the editors.
  useEffect(() => {
    if (simulation.status === 'done') resultsRef.current?.focus();
  }, [simulation.status]);

  const daysNumber = Number(days);
  const daysValid = Number.isInteger(daysNumber) && daysNumber >= 1 && daysNumber <= MAX_DAYS;
  const sourceChanged = validatedSource !== null && validatedSource !== source;

  function choosePathway(id: string) {
    if (source !== loadedSource && !window.confirm(t('workbench.replaceConfirm'))) return;
    setPathwayId(id);
  }

  function chooseFormat(next: SourceFormat) {
    if (next === format) return;
    const converted = convertText(source, next);
    if (converted !== null) {
      setSource(converted);
      if (source === loadedSource) setLoadedSource(converted);
    }
    setFormat(next);
  }

  function chooseExample(id: string) {
    const example =
      examples.state.status === 'ready'
        ? examples.state.data.find((item) => item.id === id)
        : undefined;
    setExampleId(id);
    if (example) applyExample(example);
    setScenarioProblems([]);
  }

  /** An example's text in the scenario editor, and its length in days in the days field. */
  function applyExample(example: ScenarioExample) {
    setScenario(example.source || toText(example.scenario, 'yaml'));
    const exampleDays = example.scenario.days;
    setDays(String(typeof exampleDays === 'number' ? exampleDays : DEFAULT_DAYS));
  }

  async function validate() {
    setValidation({ status: 'running' });
    setValidatedSource(source);
    try {
      const outcome = await api.validatePathwaySource(source, format);
      setValidation(
        outcome.ok
          ? { status: 'valid', definition: outcome.definition }
          : { status: 'invalid', errors: outcome.errors },
      );
    } catch (error) {
      setValidation({ status: 'failed', error });
    }
  }

  async function runSimulation() {
    const parsed = parseText(scenario);
    if (!parsed.ok) {
      setScenarioProblems([
        {
          path: [],
          message: parsed.message,
          ...(parsed.line !== undefined ? { line: parsed.line, column: parsed.column ?? 1 } : {}),
        },
      ]);
      scenarioRef.current?.focus();
      return;
    }
    const scenarioValue = parsed.value ?? {};
    if (typeof scenarioValue !== 'object' || Array.isArray(scenarioValue)) {
      setScenarioProblems([{ path: [], message: t('workbench.scenarioNotObject') }]);
      return;
    }
    setScenarioProblems([]);
    if (!daysValid) return;
    setSimulation({ status: 'running' });
    const definitionText = parseText(source);
    try {
      const result = await api.simulatePathway({
        subject: { source, format },
        scenario: scenarioValue as Record<string, unknown>,
        days: daysNumber,
      });
      setSimulatedIndex(definitionText.ok ? indexDefinition(definitionText.value) : emptyIndex);
      setSimulation({ status: 'done', result });
    } catch (error) {
      const problems = simulationProblems(error, scenario);
      if (!problems) {
        setSimulation({ status: 'failed', error });
        return;
      }
      setScenarioProblems(problems.scenario);
      setSimulation({
        status: 'invalid',
        source: problems.source,
        scenario: problems.scenario.length,
        days: problems.days,
      });
    }
  }

  const reveal = (ref: RefObject<HTMLTextAreaElement | null>) => (line: number) => {
    if (ref.current) revealLine(ref.current, line);
  };

  const exampleList = examples.state.status === 'ready' ? examples.state.data : [];

  return (
    <div className="workbench">
      <div className="workbench__editors">
        <section className="panel workbench__panel" aria-labelledby={ids.definition}>
          <h2 id={ids.definition}>{t('workbench.definitionTitle')}</h2>
          <div className="workbench__controls">
            <div className="field workbench__pathway">
              <label htmlFor={ids.pathway}>{t('workbench.startFrom')}</label>
              <select
                id={ids.pathway}
                value={pathwayId}
                onChange={(event) => choosePathway(event.target.value)}
              >
                {sorted.map((pathway) => (
                  <option key={pathway.id} value={pathway.id}>
                    {localized(pathway.title, language)}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="segmented">
              <legend>{t('workbench.format')}</legend>
              {(['yaml', 'json'] as const).map((option) => (
                <label key={option} className="segmented__option">
                  <input
                    type="radio"
                    name={`${ids.definition}-format`}
                    value={option}
                    checked={format === option}
                    onChange={() => chooseFormat(option)}
                  />
                  <span>{option.toUpperCase()}</span>
                </label>
              ))}
            </fieldset>
          </div>

          {loading === 'loading' ? (
            <p className="loading" role="status">
              <span className="spinner" aria-hidden="true" />
              {t('app.loading')}
            </p>
          ) : typeof loading === 'object' ? (
            <ErrorMessage error={loading.error} />
          ) : null}
          <CodeEditor
            label={t('workbench.sourceLabel', { format: format.toUpperCase() })}
            hint={t('workbench.sourceHint')}
            value={source}
            onChange={setSource}
            textareaRef={sourceRef}
            errorsId={ids.validation}
            invalid={validation.status === 'invalid' && !sourceChanged}
          />
          <div className="workbench__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => void validate()}
              disabled={validation.status === 'running' || loading !== 'ready'}
            >
              {validation.status === 'running'
                ? t('workbench.validating')
                : t('workbench.validate')}
            </button>
            {source !== loadedSource && (
              <span className="muted workbench__edited">{t('workbench.edited')}</span>
            )}
          </div>
          <div id={ids.validation} className="workbench__outcome" aria-live="polite">
            <ValidationOutcome
              validation={validation}
              stale={sourceChanged}
              onReveal={reveal(sourceRef)}
            />
          </div>
        </section>

        <section className="panel workbench__panel" aria-labelledby={ids.scenario}>
          <h2 id={ids.scenario}>{t('workbench.scenarioTitle')}</h2>
          <p className="muted">{t('workbench.scenarioIntro')}</p>
          {exampleList.length > 1 && (
            <div className="field">
              <label htmlFor={ids.example}>{t('workbench.example')}</label>
              <select
                id={ids.example}
                value={exampleId}
                onChange={(event) => chooseExample(event.target.value)}
              >
                {exampleList.map((example) => (
                  <option key={example.id} value={example.id}>
                    {example.name ?? example.id}
                  </option>
                ))}
              </select>
            </div>
          )}
          {examples.state.status === 'ready' && exampleList.length === 0 && (
            <p className="muted">{t('workbench.noExample')}</p>
          )}
          <CodeEditor
            label={t('workbench.scenarioLabel')}
            value={scenario}
            onChange={(value) => {
              setScenario(value);
              setScenarioProblems([]);
            }}
            textareaRef={scenarioRef}
            errorsId={ids.scenarioErrors}
            invalid={scenarioProblems.length > 0}
            rows={12}
          />
          <div id={ids.scenarioErrors} aria-live="polite">
            {scenarioProblems.length > 0 && (
              <div className="alert alert--error">
                <p className="alert__title">{t('workbench.scenarioInvalid')}</p>
                <ProblemList problems={scenarioProblems} onReveal={reveal(scenarioRef)} />
              </div>
            )}
          </div>
          <div className="workbench__run">
            <div className="field workbench__days">
              <label htmlFor={ids.days}>{t('workbench.days')}</label>
              <input
                id={ids.days}
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_DAYS}
                step={1}
                value={days}
                aria-invalid={!daysValid || undefined}
                aria-describedby={`${ids.days}-hint`}
                onChange={(event) => setDays(event.target.value)}
              />
              <p id={`${ids.days}-hint`} className={daysValid ? 'field__hint' : 'field__error'}>
                {daysValid
                  ? t('workbench.daysHint', { max: MAX_DAYS })
                  : t('workbench.daysInvalid', { max: MAX_DAYS })}
              </p>
            </div>
            <button
              type="button"
              className="button button--primary"
              onClick={() => void runSimulation()}
              disabled={simulation.status === 'running' || loading !== 'ready'}
            >
              {simulation.status === 'running'
                ? t('workbench.simulating')
                : t('workbench.simulate')}
            </button>
          </div>
        </section>
      </div>

      {/* Focusable: on a desktop it scrolls on its own, and arrow keys must reach it. */}
      <section
        className="panel workbench__results"
        aria-labelledby={ids.results}
        tabIndex={0}
        data-testid="simulation-results"
      >
        <h2 id={ids.results} ref={resultsRef} tabIndex={-1}>
          {t('workbench.resultsTitle')}
        </h2>
        <div aria-live="polite" className="workbench__outcome">
          {simulation.status === 'running' && (
            <p className="loading">
              <span className="spinner" aria-hidden="true" />
              {t('workbench.simulating')}
            </p>
          )}
          {simulation.status === 'done' && (
            <p className="visually-hidden">
              {t('workbench.simulated', {
                red: simulation.result.stats.alerts.red,
                orange: simulation.result.stats.alerts.orange,
                yellow: simulation.result.stats.alerts.yellow,
                missed: simulation.result.stats.missed,
              })}
            </p>
          )}
          {simulation.status === 'invalid' && (
            <div className="alert alert--error" data-testid="simulation-refused">
              <p className="alert__title">{t('workbench.simulationRefused')}</p>
              {simulation.source.length > 0 && (
                <>
                  <p>{t('workbench.simulationSourceInvalid')}</p>
                  <ProblemList problems={simulation.source} onReveal={reveal(sourceRef)} />
                </>
              )}
              {simulation.scenario > 0 && <p>{t('workbench.simulationScenarioInvalid')}</p>}
              {simulation.days.map((message) => (
                <p key={message}>{t('workbench.simulationDaysInvalid', { message })}</p>
              ))}
            </div>
          )}
          {simulation.status === 'failed' && <ErrorMessage error={simulation.error} />}
        </div>
        {simulation.status === 'idle' && <p className="empty">{t('workbench.resultsEmpty')}</p>}
        {simulation.status === 'done' && (
          <SimulationReport result={simulation.result} index={simulatedIndex} />
        )}
      </section>
    </div>
  );
}

function ValidationOutcome({
  validation,
  stale,
  onReveal,
}: {
  validation: Validation;
  stale: boolean;
  onReveal: (line: number) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const staleNote = stale ? <p className="workbench__stale">{t('workbench.stale')}</p> : null;
  switch (validation.status) {
    case 'idle':
      return null;
    case 'running':
      return (
        <p className="loading">
          <span className="spinner" aria-hidden="true" />
          {t('workbench.validating')}
        </p>
      );
    case 'valid': {
      const summary = summarise(validation.definition, language);
      return (
        <div className="alert alert--success" data-testid="validation-ok">
          <p className="alert__title">{t('workbench.valid')}</p>
          {summary && <p>{t('workbench.validSummary', summary)}</p>}
          {staleNote}
        </div>
      );
    }
    case 'invalid':
      return (
        <div className="alert alert--error" data-testid="validation-errors">
          <p className="alert__title">
            {t('workbench.invalid', { count: validation.errors.length })}
          </p>
          <p className="workbench__tip">{t('workbench.invalidTip')}</p>
          <ProblemList problems={validation.errors} onReveal={onReveal} />
          {staleNote}
        </div>
      );
    case 'failed':
      return <ErrorMessage error={validation.error} />;
  }
}

function summarise(
  definition: PathwayDocument,
  language: 'it' | 'en',
): { title: string; version: string; tracks: number; steps: number } | null {
  const title = definition.title as { it?: string; en?: string } | undefined;
  const tracks = Array.isArray(definition.tracks) ? (definition.tracks as unknown[]) : [];
  const steps = tracks.reduce<number>((sum, track) => {
    const list = (track as { steps?: unknown }).steps;
    return sum + (Array.isArray(list) ? list.length : 0);
  }, 0);
  if (!title) return null;
  return {
    title: (language === 'en' ? title.en : title.it) ?? title.it ?? '',
    version: typeof definition.version === 'string' ? definition.version : '—',
    tracks: tracks.length,
    steps,
  };
}

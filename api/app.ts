import { existsSync } from 'node:fs';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Stores } from '../db/stores/index.js';
import type { EventBus } from '../platform/events.js';
import type { VideoBackend } from '../activities/video/video-backend.js';
import type { HealthCheck } from '../platform/health.js';
import type { Logger } from '../platform/logger.js';
import type { PathwayCatalog } from '../platform/pathway-catalog.js';
import type { TemporalHandle } from '../platform/temporal.js';
import { platformVersion } from '../platform/version.js';
import type { CdaConformance } from '../templates/conformance/cda-conformance.js';
import type { SessionTokens } from './auth/session.js';
import { adminRoutes } from './features/admin.js';
import { DocumentService } from './features/document-service.js';
import { documentRoutes } from './features/documents.js';
import { alertRoutes } from './features/alerts.js';
import { authRoutes } from './features/auth.js';
import { EnrolmentService } from './features/enrolment-service.js';
import { enrolmentRoutes } from './features/enrolments.js';
import { FormService, formRoutes } from './features/forms.js';
import { healthRoutes } from './features/health.js';
import { meRoutes } from './features/me.js';
import { monitoringRoutes } from './features/monitoring.js';
import { notificationRoutes } from './features/notifications.js';
import { pathwayDesignRoutes } from './features/pathway-design.js';
import { pathwayVersionRoutes } from './features/pathway-versions.js';
import { pathwayRoutes } from './features/pathways.js';
import { patientRoutes } from './features/patients.js';
import { readingRoutes } from './features/readings.js';
import { deviceReadingRoutes } from './features/device-readings.js';
import { deviceRoutes } from './features/devices.js';
import { ecgRecordingRoutes } from './features/ecg-recordings.js';
import { fhirErrorHandlers, fhirJsonBody, fhirReadingRoutes } from './features/fhir-readings.js';
import type { ReportAggregator } from './features/report-aggregator.js';
import { reportRoutes } from './features/reports.js';
import { VideoJoinTokens, videoSessionRoutes } from './features/video-sessions.js';
import { workItemRoutes } from './features/work-items.js';
import { worklistRoutes } from './features/worklist.js';
import { whyRoutes } from './features/why.js';
import { openApiDocument } from './openapi.js';
import { notFoundHandler, problemHandler } from './problem.js';
import { buildRouter, requestId, type RouteDef } from './route.js';

export interface AppDeps {
  stores: Stores;
  tokens: SessionTokens;
  catalog: PathwayCatalog;
  temporal: TemporalHandle;
  health: HealthCheck;
  logger: Logger;
  /** Bus to tell every API replica's sockets what a request changed (e.g. worklist claims). */
  bus?: EventBus;
  cookieSecure: boolean;
  /** Built UI (ui/dist); served with an SPA fallback when present. */
  uiDir?: string;
  /** The FSE conformance checks (CDA XSD + schematrons) every document passes before storage. */
  conformance: CdaConformance | null;
  /** Janus for video sessions (null: video unavailable) and the key join tokens are signed with. */
  video?: { backend: VideoBackend | null; joinTokenSecret: string };
  /** Managers' reports: the aggregator of the daily figures and the key of patients' pseudonyms. */
  reports: { aggregator: ReportAggregator; pseudonymKey: string };
  /** The embedded FSE gateway, mounted at its own path when no national gateway is configured. */
  localFseGateway?: { path: string; router: Router };
}

/** Every route of the API, in one list: the router, the OpenAPI document and the tests use it. */
export function apiRoutes(deps: AppDeps): RouteDef[] {
  const enrolments = new EnrolmentService(deps);
  const forms = new FormService(deps.stores, enrolments);
  const documents = new DocumentService(deps);
  return [
    ...healthRoutes(deps),
    ...authRoutes(deps),
    ...patientRoutes(deps),
    ...enrolmentRoutes({ ...deps, enrolments, forms }),
    ...meRoutes({ ...deps, enrolments }),
    ...pathwayRoutes(deps),
    ...pathwayVersionRoutes({ ...deps, enrolments }),
    ...readingRoutes({ ...deps, enrolments }),
    ...monitoringRoutes({ ...deps, enrolments }),
    ...fhirReadingRoutes({ ...deps, enrolments }),
    ...deviceReadingRoutes({ ...deps, enrolments }),
    ...deviceRoutes(deps),
    ...ecgRecordingRoutes(deps),
    ...workItemRoutes({ ...deps, enrolments }),
    ...formRoutes({ ...deps, enrolments, forms }),
    ...alertRoutes({ ...deps, enrolments }),
    ...worklistRoutes({ ...deps, enrolments }),
    ...whyRoutes(deps),
    ...pathwayDesignRoutes(deps),
    ...reportRoutes(deps),
    ...adminRoutes(deps),
    ...notificationRoutes(deps),
    ...documentRoutes({ ...deps, documents, enrolments }),
    ...videoSessionRoutes({
      ...deps,
      video: deps.video?.backend ?? null,
      joinTokens: new VideoJoinTokens(deps.video?.joinTokenSecret ?? 'video-unconfigured'),
    }),
  ];
}

/** The composed Express app (no listening socket: tests drive it with supertest). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // socket.io and the API are same-origin; media devices come later for video.
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:', 'blob:'],
          // PDFs show in the browser's viewer: the designer's preview from a blob: URL in an
          // iframe (the viewer is a plugin, so object-src too), stored documents from the API.
          'frame-src': ["'self'", 'blob:'],
          'object-src': ["'self'", 'blob:'],
        },
      },
    }),
  );
  app.use(requestId);
  app.use(cookieParser());

  const routes = apiRoutes(deps);
  const openapi = openApiDocument(routes, platformVersion);
  const api = express.Router();
  api.use('/fhir', fhirJsonBody);
  api.use(express.json({ limit: '1mb' }));
  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  api.use(buildRouter(routes, deps));
  api.use('/fhir', fhirErrorHandlers(deps.logger));
  api.use(notFoundHandler);
  app.use('/api', api);
  // Outside /api: the gateway answers in its own contract's problem format.
  if (deps.localFseGateway) app.use(deps.localFseGateway.path, deps.localFseGateway.router);

  const uiDir = deps.uiDir;
  if (uiDir && existsSync(path.join(uiDir, 'index.html'))) {
    app.use(express.static(uiDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/nurse, /patient …) all load the single-page app.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(path.join(uiDir, 'index.html'));
    });
  }
  app.use(problemHandler(deps.logger));
  return app;
}

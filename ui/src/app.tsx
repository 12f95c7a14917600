import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import type { Role } from './api/types';
import { FullPageLoading } from './components/full-page-loading';
import { AppShell } from './layout/app-shell';
import { AdminHomePage } from './pages/admin-home-page';
import { ClinicianPatientPage } from './pages/clinician-patient-page';
import { DesignerHomePage } from './pages/designer-home-page';
import { DoctorHomePage } from './pages/doctor-home-page';
import { LoginPage } from './pages/login-page';
import { ManagerHomePage } from './pages/manager-home-page';
import { NotFoundPage } from './pages/not-found-page';
import { NurseHomePage } from './pages/nurse-home-page';
import { PatientHomePage } from './pages/patient-home-page';
import { PatientMessagesPage } from './pages/patient-messages-page';
import { PatientReadingsPage } from './pages/patient-readings-page';
import { SystemStatusPage } from './pages/system-status-page';
import { RequireRole, RequireSession } from './routing/guards';
import { homePath } from './routing/sections';
import { SessionProvider, useSession } from './session/session-context';

// Only designers open the workbench, and it carries the YAML parser: its own chunk.
const DesignerWorkbenchPage = lazy(() =>
  import('./pages/designer-workbench-page').then((module) => ({
    default: module.DesignerWorkbenchPage,
  })),
);

// Questionnaire pages carry Form.io (loaded on demand on top of that): their own chunks.
const DesignerFormsPage = lazy(() =>
  import('./pages/designer-forms-page').then((module) => ({
    default: module.DesignerFormsPage,
  })),
);
const DesignerFormEditorPage = lazy(() =>
  import('./pages/designer-form-editor-page').then((module) => ({
    default: module.DesignerFormEditorPage,
  })),
);
const FormFillPage = lazy(() =>
  import('./pages/form-fill-page').then((module) => ({ default: module.FormFillPage })),
);
// The trends carry the charts (uPlot comes on demand on top of that): their own chunk.
const PatientTrendsPage = lazy(() =>
  import('./pages/patient-trends-page').then((module) => ({
    default: module.PatientTrendsPage,
  })),
);
// Clinical documents: the designer's preview carries the text editor; each page its own chunk.
const DesignerDocumentsPage = lazy(() =>
  import('./pages/designer-documents-page').then((module) => ({
    default: module.DesignerDocumentsPage,
  })),
);
const DesignerDocumentPreviewPage = lazy(() =>
  import('./pages/designer-document-preview-page').then((module) => ({
    default: module.DesignerDocumentPreviewPage,
  })),
);
const PatientDocumentsPage = lazy(() =>
  import('./pages/patient-documents-page').then((module) => ({
    default: module.PatientDocumentsPage,
  })),
);
const AdminDocumentsPage = lazy(() =>
  import('./pages/admin-documents-page').then((module) => ({
    default: module.AdminDocumentsPage,
  })),
);
const FormSubmissionPage = lazy(() =>
  import('./pages/form-submission-page').then((module) => ({
    default: module.FormSubmissionPage,
  })),
);

// Video visits carry the Janus client and WebRTC adapter: their own chunk.
const VideoSessionPage = lazy(() =>
  import('./pages/video-session-page').then((module) => ({
    default: module.VideoSessionPage,
  })),
);

function lazyPage(role: Role, page: ReactNode) {
  return (
    <RequireRole role={role}>
      <Suspense fallback={<FullPageLoading />}>{page}</Suspense>
    </RequireRole>
  );
}

function HomeRedirect() {
  const { session } = useSession();
  if (session.status === 'loading') return <FullPageLoading />;
  if (session.status === 'anonymous') return <Navigate to="/login" replace />;
  return <Navigate to={homePath(session.user.role)} replace />;
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/" element={<HomeRedirect />} />
          <Route
            element={
              <RequireSession>
                <AppShell />
              </RequireSession>
            }
          >
            <Route
              path="/designer"
              element={
                <RequireRole role="designer">
                  <DesignerHomePage />
                </RequireRole>
              }
            />
            <Route
              path="/designer/workbench"
              element={
                <RequireRole role="designer">
                  <Suspense fallback={<FullPageLoading />}>
                    <DesignerWorkbenchPage />
                  </Suspense>
                </RequireRole>
              }
            />
            <Route
              path="/designer/questionari"
              element={lazyPage('designer', <DesignerFormsPage />)}
            />
            <Route
              path="/designer/questionari/:formId"
              element={lazyPage('designer', <DesignerFormEditorPage />)}
            />
            <Route
              path="/designer/documenti"
              element={lazyPage('designer', <DesignerDocumentsPage />)}
            />
            <Route
              path="/designer/documenti/:type"
              element={lazyPage('designer', <DesignerDocumentPreviewPage />)}
            />
            <Route
              path="/patient/documenti"
              element={lazyPage('patient', <PatientDocumentsPage />)}
            />
            <Route path="/admin/documenti" element={lazyPage('admin', <AdminDocumentsPage />)} />
            {/* Patient, nurse and doctor: the page itself refuses the other roles. */}
            <Route
              path="/video/:sessionId"
              element={
                <Suspense fallback={<FullPageLoading />}>
                  <VideoSessionPage />
                </Suspense>
              }
            />
            <Route
              path="/patient/questionari/:enrolmentId/:itemKey"
              element={lazyPage('patient', <FormFillPage />)}
            />
            {(['nurse', 'doctor'] as const).flatMap((role) => [
              <Route
                key={`${role}-fill`}
                path={`/${role}/questionari/:enrolmentId/:itemKey`}
                element={lazyPage(role, <FormFillPage />)}
              />,
              <Route
                key={`${role}-answers`}
                path={`/${role}/risposte/:submissionId`}
                element={lazyPage(role, <FormSubmissionPage />)}
              />,
              <Route
                key={`${role}-patient`}
                path={`/${role}/pazienti/:patientId`}
                element={
                  <RequireRole role={role}>
                    <ClinicianPatientPage />
                  </RequireRole>
                }
              />,
            ])}
            <Route
              path="/nurse"
              element={
                <RequireRole role="nurse">
                  <NurseHomePage />
                </RequireRole>
              }
            />
            <Route
              path="/doctor"
              element={
                <RequireRole role="doctor">
                  <DoctorHomePage />
                </RequireRole>
              }
            />
            <Route
              path="/patient"
              element={
                <RequireRole role="patient">
                  <PatientHomePage />
                </RequireRole>
              }
            />
            <Route
              path="/patient/misurazioni"
              element={
                <RequireRole role="patient">
                  <PatientReadingsPage />
                </RequireRole>
              }
            />
            <Route path="/patient/andamento" element={lazyPage('patient', <PatientTrendsPage />)} />
            <Route
              path="/patient/messaggi"
              element={
                <RequireRole role="patient">
                  <PatientMessagesPage />
                </RequireRole>
              }
            />
            <Route
              path="/manager"
              element={
                <RequireRole role="manager">
                  <ManagerHomePage />
                </RequireRole>
              }
            />
            <Route
              path="/admin"
              element={
                <RequireRole role="admin">
                  <AdminHomePage />
                </RequireRole>
              }
            />
            <Route
              path="/admin/system"
              element={
                <RequireRole role="admin">
                  <SystemStatusPage />
                </RequireRole>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}

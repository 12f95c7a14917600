import { useParams } from 'react-router-dom';
import { useUser } from '../session/session-context';
import { VideoVisit } from '../video/video-visit';
import { NotAuthorizedPage } from './not-authorized-page';

/** The roles that take part in video visits from this UI. */
const videoRoles = new Set(['patient', 'doctor', 'nurse']);

/**
 * `/video/:sessionId`: a video visit for the patient (phone first) and the clinicians (desktop).
 * Whether this person is named by the visit is the API's answer (404 otherwise).
 */
export function VideoSessionPage() {
  const user = useUser();
  const { sessionId = '' } = useParams();
  if (!videoRoles.has(user.role)) return <NotAuthorizedPage />;
  return <VideoVisit key={sessionId} sessionId={sessionId} />;
}

import { useEffect, type ReactNode } from 'react';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/Loading.tsx';
import { ProblemAlert } from './components/ProblemAlert.tsx';
import { navigate, safeNext, useLocation } from './lib/router.tsx';
import { useSession } from './lib/session.tsx';
import { COMING_SOON } from './nav.ts';
import { isPortalPath } from './routes.ts';
import { AcceptInvite } from './pages/AcceptInvite.tsx';
import { AgentEditor } from './pages/AgentEditor.tsx';
import { Agents } from './pages/Agents.tsx';
import { ApiKeys } from './pages/ApiKeys.tsx';
import { Appointments } from './pages/Appointments.tsx';
import { AuditLog } from './pages/AuditLog.tsx';
import { CallDetail } from './pages/CallDetail.tsx';
import { Calls } from './pages/Calls.tsx';
import { CampaignDetail } from './pages/CampaignDetail.tsx';
import { Campaigns } from './pages/Campaigns.tsx';
import { Clinics } from './pages/Clinics.tsx';
import { ComingSoon } from './pages/ComingSoon.tsx';
import { ContactDetail } from './pages/ContactDetail.tsx';
import { Contacts } from './pages/Contacts.tsx';
import { DncList } from './pages/DncList.tsx';
import { Integrations } from './pages/Integrations.tsx';
import { Members } from './pages/Members.tsx';
import { MfaSetup } from './pages/MfaSetup.tsx';
import { NewCampaign } from './pages/NewCampaign.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { OrgSettings } from './pages/OrgSettings.tsx';
import { Overview } from './pages/Overview.tsx';
import { PhoneNumbers } from './pages/PhoneNumbers.tsx';
import { SchedulingSettings } from './pages/SchedulingSettings.tsx';
import { Security } from './pages/Security.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { SignUp } from './pages/SignUp.tsx';
import { SmsLog } from './pages/SmsLog.tsx';
import { VerifySignup } from './pages/VerifySignup.tsx';
import { DevMail } from './pages/DevMail.tsx';

const SIGNED_OUT_ONLY = new Set(['/signin', '/signup']);
const MFA_SETUP = '/security/mfa';

const PAGES: Record<string, () => ReactNode> = {
  '/': () => <Overview />,
  '/calls': () => <Calls />,
  '/contacts': () => <Contacts />,
  '/campaigns': () => <Campaigns />,
  '/campaigns/new': () => <NewCampaign />,
  '/dnc': () => <DncList />,
  '/appointments': () => <Appointments />,
  '/agents': () => <Agents />,
  '/sms': () => <SmsLog />,
  '/scheduling': () => <SchedulingSettings />,
  '/phone-numbers': () => <PhoneNumbers />,
  '/integrations': () => <Integrations />,
  '/settings': () => <OrgSettings />,
  '/members': () => <Members />,
  '/clinics': () => <Clinics />,
  '/api-keys': () => <ApiKeys />,
  '/audit': () => <AuditLog />,
  '/security': () => <Security />,
  [MFA_SETUP]: () => <MfaSetup />,
  ...Object.fromEntries(COMING_SOON.map((item) => [item.to, () => <ComingSoon item={item} />])),
};

/** Pages with an id in the path; everything else is an exact match in PAGES. */
function routeFor(path: string, search: string): (() => ReactNode) | undefined {
  // The server answers only these paths with the portal, so a page outside them would 404 on reload.
  if (!isPortalPath(path)) return undefined;
  // Where the API sends the browser back after Google's consent screen (`?connected=google` or `?error=`).
  if (path === '/settings/calendar') return () => <Redirect to={`/scheduling${search}#calendar`} />;
  const agent = path.match(/^\/agents\/([^/]+)$/);
  if (agent) return () => <AgentEditor key={agent[1]} agentId={agent[1] === 'new' ? null : decodeURIComponent(agent[1]!)} />;
  const call = path.match(/^\/calls\/([^/]+)$/);
  if (call) return () => <CallDetail key={call[1]} callId={decodeURIComponent(call[1]!)} />;
  const contact = path.match(/^\/contacts\/([^/]+)$/);
  if (contact) return () => <ContactDetail key={contact[1]} contactId={decodeURIComponent(contact[1]!)} />;
  const campaign = path.match(/^\/campaigns\/([^/]+)$/);
  if (campaign && campaign[1] !== 'new') return () => <CampaignDetail key={campaign[1]} campaignId={decodeURIComponent(campaign[1]!)} />;
  return PAGES[path];
}

/** Replaces the URL after render (never during it), e.g. signed out on a private page -> /signin. */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return <Loading label="Redirecting…" />;
}

export function App() {
  const { state, refresh } = useSession();
  const { path, query, href } = useLocation();

  if (path === '/accept-invite') return state.status === 'loading' ? <Loading label="Loading…" /> : <AcceptInvite />;
  // Opened from an email, signed in or not: the token alone decides.
  if (path === '/signup/verify') return <VerifySignup />;
  if (path === '/dev/mail') return <DevMail />;

  switch (state.status) {
    case 'loading':
      return (
        <div className="boot">
          <Loading label="Loading your dashboard…" />
        </div>
      );
    case 'error':
      return (
        <div className="boot">
          <ProblemAlert error={state.error} title="Could not load your account" onRetry={() => void refresh()} />
        </div>
      );
    case 'anonymous':
      if (path === '/signup') return <SignUp />;
      if (path === '/signin') return <SignIn notice={state.notice} />;
      return <Redirect to={path === '/' ? '/signin' : `/signin?next=${encodeURIComponent(href)}`} />;
    case 'ready':
      if (SIGNED_OUT_ONLY.has(path)) return <Redirect to={safeNext(query.get('next'))} />;
      // An org that requires MFA refuses everything else until the user enrolls, so go straight there.
      if (state.me.mfa_enrollment_required && path !== MFA_SETUP) return <Redirect to={MFA_SETUP} />;
      return <Layout>{(routeFor(path, query.size ? `?${query.toString()}` : '') ?? (() => <NotFound />))()}</Layout>;
  }
}

import { useState } from 'react';
import { api, type Campaign } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { LiveStatus } from '../components/LiveStatus.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useMutation } from '../lib/useMutation.ts';

/** Pause, resume and cancel, offered only where the campaign can make the move. Cancelling asks first. */
export function CampaignActions({ campaign, onChanged }: { campaign: Campaign; onChanged(c: Campaign): void }) {
  const { busy, error, setError, run } = useMutation();
  const [status, setStatus] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const act = async (move: 'pause' | 'resume' | 'cancel') => {
    await run(async () => {
      const updated = await (move === 'pause' ? api.pauseCampaign : move === 'resume' ? api.resumeCampaign : api.cancelCampaign)(campaign.id);
      onChanged(updated);
      setStatus(move === 'pause' ? 'Campaign paused: no new calls are placed.' : move === 'resume' ? 'Campaign resumed.' : 'Campaign cancelled.');
      setConfirming(false);
    });
  };

  const open = campaign.status === 'running' || campaign.status === 'paused';
  return (
    <>
      {open && (
        <div className="row" role="group" aria-label="Campaign actions">
          {campaign.status === 'running' && (
            <button type="button" className="button button-secondary" onClick={() => void act('pause')} disabled={busy}>
              Pause
            </button>
          )}
          {campaign.status === 'paused' && (
            <button type="button" className="button button-primary" onClick={() => void act('resume')} disabled={busy}>
              Resume
            </button>
          )}
          <button type="button" className="button button-danger-ghost" onClick={() => setConfirming(true)} disabled={busy}>
            Cancel campaign
          </button>
        </div>
      )}
      {error != null && !confirming && <ProblemAlert error={error} title="That did not work" />}
      <LiveStatus message={status} />
      <ConfirmDialog
        open={confirming}
        title={`Cancel ${campaign.name}?`}
        confirmLabel="Cancel campaign"
        cancelLabel="Keep it"
        busy={busy}
        error={error}
        onConfirm={() => void act('cancel')}
        onCancel={() => {
          setConfirming(false);
          setError(null);
        }}
      >
        <p>Contacts not called yet will not be called. Calls in progress finish. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}

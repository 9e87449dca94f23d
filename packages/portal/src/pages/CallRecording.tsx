import { useState } from 'react';

/**
 * The recording when the voice vendor kept one, or an explicit "No recording". A URL the browser cannot
 * play here (another origin's policy, an expired link) says so and offers the link itself.
 */
export function CallRecording({ url }: { url: string | null }) {
  const [failed, setFailed] = useState(false);
  return (
    <section className="card" aria-labelledby="recording-title">
      <h2 id="recording-title">Recording</h2>
      {url ? (
        <>
          <audio className="audio" controls preload="none" src={url} aria-label="Call recording" onError={() => setFailed(true)} />
          {failed && (
            <p className="alert alert-warning" role="alert">
              The recording could not be played here.{' '}
              <a href={url} target="_blank" rel="noreferrer noopener">
                Open the recording in a new tab
              </a>
            </p>
          )}
        </>
      ) : (
        <p className="empty-inline" data-testid="no-recording">
          No recording: the voice vendor did not keep audio of this call.
        </p>
      )}
    </section>
  );
}

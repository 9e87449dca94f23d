import { useId } from 'react';
import { useSignedIn } from '../lib/session.tsx';

/**
 * The test-mode switch (decision 0012): on, every request is sent with `Voxanne-Mode: test`, so the pages show
 * test data only and nothing done here reaches a real vendor. The page reloads its data when it flips.
 */
export function TestModeSwitch() {
  const { testMode, setTestMode } = useSignedIn();
  const id = useId();
  return (
    <div className="test-mode-switch">
      <input id={id} type="checkbox" role="switch" checked={testMode} onChange={(e) => setTestMode(e.target.checked)} />
      <label htmlFor={id}>Test mode</label>
    </div>
  );
}

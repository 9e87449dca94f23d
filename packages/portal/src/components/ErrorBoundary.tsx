import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** "page" keeps the navigation usable when one page breaks; "app" is the last line of defence. */
  scope: 'app' | 'page';
}

interface State {
  error: Error | null;
}

/** A render error becomes a visible message with a way out, never a blank screen. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Portal render error', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className={this.props.scope === 'app' ? 'crash crash-app' : 'crash'} role="alert">
        <h1>Something went wrong</h1>
        <p>{this.props.scope === 'app' ? 'The dashboard hit an unexpected error.' : 'This page hit an unexpected error.'}</p>
        <p>
          <code>{error.message}</code>
        </p>
        <div className="row">
          {this.props.scope === 'page' && (
            <button type="button" className="button button-secondary" onClick={() => this.setState({ error: null })}>
              Try again
            </button>
          )}
          <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
            Reload the dashboard
          </button>
        </div>
      </div>
    );
  }
}

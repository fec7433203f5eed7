import { Component, type ErrorInfo, type ReactNode } from 'react';
import i18next from 'i18next';

interface State {
  error: Error | null;
}

/** Last line of defence: a render error shows a message instead of a blank window; data is in IndexedDB. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('render error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fatal" role="alert">
        <h1>{i18next.t('errors.crashTitle')}</h1>
        <p>{i18next.t('errors.crashBody')}</p>
        <pre>{this.state.error.message}</pre>
        <button type="button" onClick={() => location.reload()}>
          {i18next.t('actions.reload')}
        </button>
      </div>
    );
  }
}

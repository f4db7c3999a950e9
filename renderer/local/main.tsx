import { render } from 'preact';
import { App } from './app.js';
import { createApiClient } from '../ui/api-client.js';
import { createActionsClient } from './actions-client.js';

const root = document.getElementById('app');
if (root) {
  const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);
  render(
    <App
      client={createApiClient(browserFetch)}
      actionsClient={createActionsClient(browserFetch)}
      browserLanguages={navigator.languages.length > 0 ? navigator.languages : [navigator.language]}
      createEventSource={
        typeof EventSource === 'function' ? (url) => new EventSource(url) : undefined
      }
    />,
    root,
  );
}

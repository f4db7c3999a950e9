import { render } from 'preact';
import { App } from './app.js';
import { createApiClient } from '../ui/api-client.js';

const root = document.getElementById('app');
if (root) {
  render(
    <App
      client={createApiClient((input, init) => fetch(input, init))}
      browserLanguages={navigator.languages.length > 0 ? navigator.languages : [navigator.language]}
      createEventSource={
        typeof EventSource === 'function' ? (url) => new EventSource(url) : undefined
      }
    />,
    root,
  );
}

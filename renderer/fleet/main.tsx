import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  let storage: Storage | null = null;
  try {
    storage = localStorage;
  } catch {
    // Storage disabled: the language simply is not remembered.
  }
  render(
    <App
      fetch={(input, init) => fetch(input, init)}
      browserLanguages={navigator.languages.length > 0 ? navigator.languages : [navigator.language]}
      storage={storage}
      createEventSource={
        typeof EventSource === 'function' ? (url) => new EventSource(url) : undefined
      }
    />,
    root,
  );
}

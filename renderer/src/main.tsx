/** Renderer entry. Monaco's environment is set up on import, before any editor exists. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './monaco/setup';
import { App } from './app';
import './styles/index.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

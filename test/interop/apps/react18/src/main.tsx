import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

const params = new URLSearchParams(location.search);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App endpoint={params.get('endpoint') ?? ''} token={params.get('token') ?? ''} />
  </StrictMode>,
);

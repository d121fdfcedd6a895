import express, { type NextFunction, type Request, type Response } from 'express';
import { LinkStore } from './store';

/** Builds the Express app; the store is injected so tests get a fresh one. */
export function createApp(store = new LinkStore()): express.Express {
  const app = express();
  const startedAt = Date.now();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', links: store.all().length, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
  });

  app.get('/api/links', (_req, res) => {
    res.json({ links: store.all() });
  });

  app.post('/api/links', (req, res) => {
    const url = typeof req.body?.url === 'string' ? req.body.url : '';
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      res.status(400).json({ error: 'url must be an absolute http(s) URL' });
      return;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      res.status(400).json({ error: 'url must be an absolute http(s) URL' });
      return;
    }
    res.status(201).json(store.add(parsed.toString()));
  });

  app.get('/api/links/:code', (req, res) => {
    const link = store.get(req.params.code);
    if (!link) res.status(404).json({ error: 'no such link' });
    else res.json(link);
  });

  app.delete('/api/links/:code', (req, res) => {
    res.status(store.remove(req.params.code) ? 204 : 404).end();
  });

  app.get('/:code', (req, res) => {
    const link = store.follow(req.params.code);
    if (!link) res.status(404).json({ error: 'no such link' });
    else res.redirect(302, link.url);
  });

  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(400).json({ error: err.message });
  });
  return app;
}

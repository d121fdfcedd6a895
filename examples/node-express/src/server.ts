import { createApp } from './app';

const port = Number(process.env.PORT ?? 3000);
const server = createApp().listen(port, '0.0.0.0', () => {
  console.log(`shortlinks listening on :${port} (${process.env.NODE_ENV ?? 'development'})`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}

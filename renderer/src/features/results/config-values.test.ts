import { describe, expect, it } from 'vitest';
import { commandLine, showConfigValue } from './config-values';

describe('config values in words', () => {
  it('says root for an empty user and none for a missing command, never raw JSON', () => {
    expect(showConfigValue('user', '')).toEqual({ kind: 'text', text: '(root)', placeholder: true });
    expect(showConfigValue('user', 'app')).toEqual({ kind: 'text', text: 'app', placeholder: false });
    expect(showConfigValue('entrypoint', null)).toMatchObject({ text: '(none)' });
    expect(showConfigValue('workdir', '')).toMatchObject({ text: '/ (not set)' });
    expect(showConfigValue('healthcheck', ['NONE'])).toMatchObject({ text: '(disabled)' });
  });

  it('shows exec-form arrays as the command line they run', () => {
    expect(showConfigValue('cmd', ['uwsgi', '/app/wsgi.ini', '-w', 'wsgi:app'])).toMatchObject({
      text: 'uwsgi /app/wsgi.ini -w wsgi:app',
    });
    expect(commandLine(['sh', '-c', 'echo "hi" && sleep 1'])).toBe('sh -c "echo \\"hi\\" && sleep 1"');
    expect(showConfigValue('healthcheck', ['CMD-SHELL', 'curl -f http://x/ || exit 1'])).toMatchObject({
      text: 'curl -f http://x/ || exit 1',
    });
    expect(showConfigValue('healthcheck', ['CMD', '/bin/app', '-check'])).toMatchObject({
      text: '/bin/app -check',
    });
  });

  it('keeps ports and environment variable names as lists', () => {
    expect(showConfigValue('envKeys', ['PATH', 'SSL_CERT_FILE'])).toEqual({
      kind: 'list',
      items: ['PATH', 'SSL_CERT_FILE'],
    });
    expect(showConfigValue('exposedPorts', [])).toMatchObject({ text: '(none)' });
  });
});

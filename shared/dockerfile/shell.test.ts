import { describe, expect, it } from 'vitest';
import { splitCommands, splitComment } from './shell';

const cmds = (text: string) => splitCommands(text).map((s) => s.cmd.replace(/\s+/g, ' '));

describe('splitComment', () => {
  it('takes a trailing comment off a command', () => {
    expect(splitComment('mkdir -p /data # scratch space')).toEqual({
      code: 'mkdir -p /data',
      comment: '# scratch space',
    });
    expect(splitComment('apt-get install -y x # pinned && rm -rf /var/lib/apt/lists/*')).toEqual({
      code: 'apt-get install -y x',
      comment: '# pinned && rm -rf /var/lib/apt/lists/*',
    });
    expect(splitComment('echo a;# b').code).toBe('echo a;');
    expect(splitComment('echo a >#b').code).toBe('echo a >');
  });

  it('leaves a `#` alone inside quotes, inside a word, escaped, or in `${#x}` and `$#`', () => {
    for (const text of [
      'echo "#" done',
      "echo '# not' done",
      'echo a#b',
      'echo \\# x',
      'echo ${#HOME} $# x',
      'x=#a echo',
      'echo "a \\" # b"',
      'echo `# x`',
    ])
      expect(splitComment(text)).toEqual({ code: text, comment: null });
  });
});

describe('splitCommands', () => {
  it('never returns a command that sits in a comment', () => {
    expect(cmds('a && b # c && d')).toEqual(['a', 'b']);
    expect(cmds('a # c\nb')).toEqual(['a', 'b']);
    expect(cmds('# only a comment')).toEqual([]);
    expect(cmds('echo "#" && echo a#b')).toEqual(['echo "#"', 'echo a#b']);
  });

  it('reads a script: lines are commands, `\\` joins lines, `&&`/`|` at a line end continue it', () => {
    expect(
      cmds('apt-get update\napt-get install -y \\\n  curl\n\n# note\necho x &&\n  echo y |\n  cat'),
    ).toEqual(['apt-get update', 'apt-get install -y curl', 'echo x', 'echo y | cat']);
    expect(splitCommands('a\nb').map((s) => s.sep)).toEqual([';', '']);
  });
});

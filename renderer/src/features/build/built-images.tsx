/**
 * The images a compare left in Docker, and what happens to them: Whittle keeps the latest pair
 * per project while it is open (the layer view reads them) and removes it when the project is
 * closed or Whittle quits, unless the user ticks "Keep built images".
 */
interface Props {
  /** Whittle's tags of the compared images (original first). */
  tags: string[];
  keep: boolean;
  onKeep: (keep: boolean) => void;
}

export function BuiltImages({ tags, keep, onKeep }: Props) {
  const names = [...new Set(tags)];
  return (
    <p className="built-images muted small" data-testid="built-images" data-keep={keep}>
      <span>
        Images in Docker:{' '}
        {names.map((t, i) => (
          <span key={t}>
            {i > 0 && ', '}
            <code>{t}</code>
          </span>
        ))}
        .{' '}
        {keep
          ? 'Whittle keeps them after you close the project; remove them with docker image rm.'
          : 'Whittle removes them when you close the project or quit (a new build replaces them).'}
      </span>
      <label className="keep-images">
        <input
          type="checkbox"
          checked={keep}
          onChange={(e) => onKeep(e.target.checked)}
          data-testid="keep-images"
        />{' '}
        Keep built images
      </label>
    </p>
  );
}

import { createHash } from 'node:crypto';

/** One shortened link and how often it was followed. */
export interface Link {
  code: string;
  url: string;
  createdAt: string;
  hits: number;
}

/** In-memory link store; codes are derived from the URL so re-adding is idempotent. */
export class LinkStore {
  private readonly links = new Map<string, Link>();

  add(url: string): Link {
    const code = createHash('sha256').update(url).digest('base64url').slice(0, 7);
    const existing = this.links.get(code);
    if (existing) return existing;
    const link: Link = { code, url, createdAt: new Date().toISOString(), hits: 0 };
    this.links.set(code, link);
    return link;
  }

  get(code: string): Link | undefined {
    return this.links.get(code);
  }

  follow(code: string): Link | undefined {
    const link = this.links.get(code);
    if (link) link.hits += 1;
    return link;
  }

  remove(code: string): boolean {
    return this.links.delete(code);
  }

  all(): Link[] {
    return [...this.links.values()].sort((a, b) => b.hits - a.hits || a.code.localeCompare(b.code));
  }
}

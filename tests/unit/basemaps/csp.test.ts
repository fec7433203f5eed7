import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../shared/basemaps/csp';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/csp';

const directive = (policy: string, name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

describe('contentSecurityPolicy', () => {
  it('is strict by default: images and connections from the page only', () => {
    const p = contentSecurityPolicy();
    expect(directive(p, 'img-src')).toBe("img-src 'self' data: blob:");
    expect(directive(p, 'connect-src')).toBe("connect-src 'self' blob: data:");
    expect(directive(p, 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
  });

  it('matches the Electron header apart from what a <meta> cannot carry', () => {
    expect(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", '')).toBe(contentSecurityPolicy());
  });

  it('adds only the origins the user added, to images and connections only', () => {
    const p = contentSecurityPolicy(['https://tiles.example.org', 'http://10.0.0.5:8080', 'https://tiles.example.org']);
    expect(directive(p, 'img-src')).toBe("img-src 'self' data: blob: http://10.0.0.5:8080 https://tiles.example.org");
    expect(directive(p, 'connect-src')).toBe("connect-src 'self' blob: data: http://10.0.0.5:8080 https://tiles.example.org");
    expect(directive(p, 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
  });

  it("lets the page connect to the JOC hub's origin and its WebSocket twin, and load nothing from it", () => {
    const p = contentSecurityPolicy([], ['https://hub.mission.example:8443']);
    expect(directive(p, 'connect-src')).toBe("connect-src 'self' blob: data: https://hub.mission.example:8443 wss://hub.mission.example:8443");
    expect(directive(p, 'img-src')).toBe("img-src 'self' data: blob:");
    expect(contentSecurityPolicy([], ["https://a.org; script-src 'unsafe-inline'"])).toBe(contentSecurityPolicy());
  });

  it('drops anything that could smuggle a directive or a wildcard', () => {
    const p = contentSecurityPolicy(["https://a.org; script-src 'unsafe-inline'", '*', 'https:', "'unsafe-eval'", 'https://a.org/x']);
    expect(p).toBe(contentSecurityPolicy());
  });
});

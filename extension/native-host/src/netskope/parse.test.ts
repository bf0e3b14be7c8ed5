import { describe, expect, it } from 'vitest';
import { explain } from './explain.js';
import { clientPaths } from './paths.js';
import { parseBrandingEmail, parseNsdiag, parseShowConfig, saysIdpRequired } from './parse.js';

describe('parsing the Netskope Client output', () => {
  it('reads nsdiag -f status, tunnel and version in either separator style', () => {
    expect(
      parseNsdiag(
        'Client version:: 121.0.0.2013\n' +
          'Client status:: enable\n' +
          'Tunnel status:: NSTUNNEL_CONNECTED\n',
      ),
    ).toEqual({
      clientStatus: 'enable',
      tunnel: 'NSTUNNEL_CONNECTED',
      version: '121.0.0.2013',
    });
    expect(parseNsdiag('  Client status : Disable\r\n')).toEqual({ clientStatus: 'disable' });
    expect(parseNsdiag('Client status:: unenrolled')).toEqual({ clientStatus: 'unenrolled' });
  });

  it('leaves out a client status it does not know rather than guessing', () => {
    expect(parseNsdiag('Client status:: maybe\n')).toEqual({});
    expect(parseNsdiag('')).toEqual({});
  });

  it('reads the user email, gateway and organization from show-config', () => {
    const text =
      'Gateway: gateway-acme.goskope.com\nOrganization: acme\nUser Email: alice@example.com\n';
    expect(parseShowConfig(text)).toEqual({
      gateway: 'gateway-acme.goskope.com',
      organization: 'acme',
      userEmail: 'alice@example.com',
    });
    expect(parseShowConfig('User Email: \n').userEmail).toBeUndefined();
  });

  it('reads only the email out of nsbranding.json', () => {
    expect(parseBrandingEmail('{"UserEmail":"bob@example.com","UserKey":"k","OrgKey":"o"}')).toBe(
      'bob@example.com',
    );
    expect(parseBrandingEmail('{"UserKey":"k"}')).toBeUndefined();
    expect(parseBrandingEmail('\u0000encrypted')).toBeUndefined();
  });

  it('sees IdP enrollment is required by admin only when no later line says it enrolled', () => {
    expect(saysIdpRequired('x\nIdP enrollment is required by admin\n')).toBe(true);
    expect(
      saysIdpRequired('IdP enrollment is required by admin\nEnrollment successful for a@b.c\n'),
    ).toBe(false);
    expect(saysIdpRequired('all fine')).toBe(false);
  });
});

describe('client paths per platform', () => {
  it('uses /opt/netskope/stagent on Linux and the given root anywhere', () => {
    expect(clientPaths('linux').nsclient).toBe('/opt/netskope/stagent/nsclient');
    expect(clientPaths('mac', '/sim').nsdiag).toBe('/sim/nsdiag');
    expect(clientPaths('mac').root).toBe('/Library/Application Support/Netskope/STAgent');
    expect(clientPaths('win').nsdiag).toBe(
      'C:\\Program Files (x86)\\Netskope\\STAgent\\nsdiag.exe',
    );
    expect(clientPaths('win').nsclient).toBeUndefined();
  });
});

describe('the plain-words explanation', () => {
  it('names the user, and for a stuck client the words it shows', () => {
    expect(
      explain({ status: 'enrolled', installed: true, enrolled: true, userEmail: 'a@b.c' }),
    ).toContain('a@b.c');
    const stuck = explain({
      status: 'stuck',
      installed: true,
      enrolled: false,
      reason: 'IdP enrollment is required by admin',
    });
    expect(stuck).toContain('IdP enrollment is required by admin');
    expect(explain({ status: 'not-installed', installed: false, enrolled: false })).toMatch(
      /not installed/,
    );
  });
});

import type { Policy } from '../lib/policy.js';

/** The policy in force, one row per key, with where it comes from. */
export function PolicyTable({ policy }: { policy: Policy }) {
  const rows: [string, string, string | undefined][] = [
    ['serverUrl', 'Server URL', policy.serverUrl],
    ['defaultMode', 'Enrollment mode', policy.defaultMode ?? 'server default'],
    [
      'forceChromeOsHandoff',
      'Force the ChromeOS hand-off',
      policy.forceChromeOsHandoff ? 'yes' : 'no',
    ],
    ['helperInstallCommand', 'Helper install command', policy.helperInstallCommand ?? 'default'],
  ];
  return (
    <table class="policy" data-testid="policy-table">
      <caption>
        Policy in force ({policy.managed ? 'set by your organization' : 'set on this device'})
      </caption>
      <thead>
        <tr>
          <th scope="col">Setting</th>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, label, value]) => (
          <tr key={key} data-testid={`policy-${key}`}>
            <th scope="row">{label}</th>
            <td>
              <code>{key}</code>
            </td>
            <td>{value ?? 'not set'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

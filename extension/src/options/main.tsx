import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { readPolicy, type Policy } from '../lib/policy.js';
import { hostPermissionFor } from '../lib/server-url.js';
import { OptionsApp } from './options-app.js';
import './options.css';

const sources = {
  managed: (keys: string[]) => browser.storage.managed.get(keys),
  local: (keys: string[]) => browser.storage.local.get(keys),
};

/** Asks for the server's host first (the click's user gesture is still live), then saves. */
async function save(url: string) {
  const granted = await browser.permissions
    .request({ origins: [hostPermissionFor(url)] })
    // A refused or impossible request still lets the URL be saved; the page says so.
    .catch(() => false);
  await browser.storage.local.set({ serverUrl: url });
  return { granted };
}

function Options() {
  const [policy, setPolicy] = useState<Policy>();
  useEffect(() => {
    const reload = () => void readPolicy(sources).then(setPolicy);
    reload();
    browser.storage.onChanged.addListener(reload);
    return () => browser.storage.onChanged.removeListener(reload);
  }, []);
  return (
    <OptionsApp
      policy={policy}
      extensionId={browser.runtime.id}
      redirectUri={browser.identity.getRedirectURL()}
      save={save}
    />
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);

import { useEffect, useRef } from 'preact/hooks';

/** A ref that takes keyboard focus when the element appears, so the change is announced. */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

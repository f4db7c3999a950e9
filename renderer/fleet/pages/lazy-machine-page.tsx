import { useEffect, useState } from 'preact/hooks';
import { useLanguage } from '../../ui/i18n.js';
import type * as MachinePageModuleType from './machine-page.js';
import type { MachinePageProps } from './machine-page.js';

type MachinePageModule = typeof MachinePageModuleType;
let loaded: MachinePageModule | null = null;

/**
 * The machine page brings chart.js with it: loaded on first visit, so the fleet table (the
 * page most people open first) does not wait for a charting library it does not use.
 */
export function LazyMachinePage(props: MachinePageProps) {
  const { t } = useLanguage();
  const [module, setModule] = useState<MachinePageModule | null>(loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (module) return;
    import('./machine-page.js').then(
      (imported) => {
        loaded = imported;
        setModule(imported);
      },
      () => setFailed(true),
    );
  }, [module]);
  if (failed) {
    return (
      <p class="error" role="alert">
        {t('fleet.loadFailed')}
      </p>
    );
  }
  if (!module) {
    return (
      <p class="state" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  }
  return <module.MachinePage {...props} />;
}

import type { JSX } from 'preact';
import type { Role } from '../../../src/shared/fleet-api.js';
import { useLanguage } from '../../ui/i18n.js';

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'label'>;

interface TextFieldProps extends InputProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
}

/** A labelled input bound to one piece of state; other attributes go to the <input> as given. */
export function TextField({ label, value, onValue, ...input }: TextFieldProps) {
  return (
    <label>
      {label}
      <input {...input} value={value} onInput={(event) => onValue(event.currentTarget.value)} />
    </label>
  );
}

interface NewPasswordFieldProps {
  label: string;
  /** The hint's element id, unique on the page. */
  hintId: string;
  value: string;
  onValue: (value: string) => void;
}

/** A new password (10 characters at least, as the server asks) with the rule spelled out below. */
export function NewPasswordField({ label, hintId, value, onValue }: NewPasswordFieldProps) {
  const { t } = useLanguage();
  return (
    <>
      <TextField
        label={label}
        type="password"
        required
        minLength={10}
        autocomplete="new-password"
        aria-describedby={hintId}
        value={value}
        onValue={onValue}
      />
      <span id={hintId} class="muted">
        {t('fleet.fields.passwordHint')}
      </span>
    </>
  );
}

interface RoleSelectProps {
  id: string;
  roles: readonly Role[];
  value: Role;
  onRole: (role: Role) => void;
}

/** The role a new user or API key gets, among those the signed-in user may hand out. */
export function RoleSelect({ id, roles, value, onRole }: RoleSelectProps) {
  const { t } = useLanguage();
  return (
    <div class="field">
      <label for={id}>{t('fleet.fields.role')}</label>
      <select id={id} value={value} onChange={(event) => onRole(event.currentTarget.value as Role)}>
        <RoleOptions roles={roles} />
      </select>
    </div>
  );
}

/** One <option> per role, in the reader's language. */
export function RoleOptions({ roles }: { roles: readonly Role[] }) {
  const { t } = useLanguage();
  return (
    <>
      {roles.map((option) => (
        <option key={option} value={option}>
          {t(`fleet.roles.${option}`)}
        </option>
      ))}
    </>
  );
}

/**
 * The rules of a credential test, as n8n's credential tester applies them:
 * - a 2xx answer: the first `responseSuccessBody` rule whose `key` (a lodash path into the answer) has `value` gives
 *   the message. A rule with `value: undefined` fires when the field is missing: the address answered, but not as the
 *   vendor's API.
 * - a non-2xx answer: the first `responseCode` rule with that status gives the message. This works only where n8n's
 *   error keeps the HTTP answer as its cause (n8n 2.41; not 1.123 or 2.8, whose error class drops it: there n8n
 *   shows its own text per status, e.g. "The service was not able to process your request" for 500).
 * So a vendor that answers JSON is tested with `ignoreHttpStatusErrors`: every answer is a 2xx for the tester and its
 * body rules decide, on every n8n version. Nmbrs answers XML, which body rules cannot read, so it relies on status
 * rules.
 * A request that gets no answer (no server, unknown host, timeout) shows n8n's network text; an error thrown by the
 * credential's `authenticate` shows that error's message.
 */
import type { IAuthenticateRuleResponseCode, IAuthenticateRuleResponseSuccessBody } from 'n8n-workflow';

/** The message when the answer has `value` at `key` (`value` undefined: when `key` is missing). */
export interface AnswerRule {
	key: string;
	value: unknown;
	message: string;
}

export interface CredentialTestRules {
	/** HTTP status -> message (non-2xx answers; see above for which n8n versions apply them). */
	status?: Record<number, string>;
	/** Checked in order on a 2xx answer (with `ignoreHttpStatusErrors`: on every answer). */
	answer?: AnswerRule[];
}

/**
 * n8n's type declares a list of one kind of rule; the tester reads each rule's `type`, so one list holds both.
 */
export function credentialTestRules(rules: CredentialTestRules): IAuthenticateRuleResponseCode[] {
	const list: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = Object.entries(rules.status ?? {}).map(
		([status, message]) => ({ type: 'responseCode', properties: { value: Number(status), message } }),
	);
	for (const { key, value, message } of rules.answer ?? []) {
		list.push({ type: 'responseSuccessBody', properties: { key, value, message } });
	}
	return list as IAuthenticateRuleResponseCode[];
}

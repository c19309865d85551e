/**
 * The rules of a credential test, as n8n's credential tester applies them (n8n 1.x and 2.x alike):
 * - an answer with a non-2xx HTTP status: the first `responseCode` rule with that status gives the message
 *   (without one, n8n shows only the HTTP status text, e.g. "Internal Server Error");
 * - a 2xx answer: the first `responseSuccessBody` rule whose `key` (a lodash path into the answer) has `value`
 *   gives the message. A rule with `value: undefined` fires when the field is missing: the address answered,
 *   but not as the vendor's API.
 * A request that gets no answer (no server, unknown host, timeout) shows n8n's network code (ECONNREFUSED,
 * ENOTFOUND, ETIMEDOUT); an error thrown by the credential's `authenticate` shows that error's message.
 */
import type { IAuthenticateRuleResponseCode, IAuthenticateRuleResponseSuccessBody } from 'n8n-workflow';

/** A field every real answer of the test call has; when it is missing, `message` is shown. */
export interface RequiredAnswerField {
	key: string;
	message: string;
}

/**
 * The rules for: these HTTP statuses (status -> message), then a 2xx answer without the required field.
 * n8n's type declares a list of one kind of rule; the tester reads each rule's `type`, so one list holds both.
 */
export function credentialTestRules(
	byStatus: Record<number, string>,
	required?: RequiredAnswerField,
): IAuthenticateRuleResponseCode[] {
	const rules: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = Object.entries(byStatus).map(
		([status, message]) => ({ type: 'responseCode', properties: { value: Number(status), message } }),
	);
	if (required) {
		rules.push({ type: 'responseSuccessBody', properties: { key: required.key, value: undefined, message: required.message } });
	}
	return rules as IAuthenticateRuleResponseCode[];
}

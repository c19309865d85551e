/**
 * Per-item parameters, read cheaply: the operations that run over many items (Nextens Upsert, Post Payroll
 * Journal and Reconcile, the Nmbrs operations) read theirs through here. n8n evaluates every expression with a
 * fresh expression context (about half a millisecond each, far more on n8n 2's isolated 'vm' engine), so 10,000
 * records with `{{ $json.crmId }}`, `{{ $json.nextensId }}` and `{{ $json.clientType }}` cost seconds before any
 * request is sent, and even a setting without an expression goes through n8n's full parameter evaluation for every
 * item. The parameter's raw text is read instead: a value without expressions is used as it is, and an expression
 * that only names one field of the input item (`{{ $json.crmId }}`, `{{ $json['Nextens ID'] }}`) reads that field
 * directly, which is what n8n's evaluation returns. Anything else goes through n8n's evaluation as usual. Values
 * are returned as stored: callers read them and never change them.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

const JSON_FIELD = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\])\s*\}\}$/;

/** The input field a `={{ $json.field }}` expression names, or undefined for any other value. */
export function jsonFieldOf(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return undefined;
	const m = JSON_FIELD.exec(raw);
	return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Whether a raw parameter value holds an expression anywhere (a string starting with "="). */
export function hasExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(hasExpression);
	if (raw !== null && typeof raw === 'object') return Object.values(raw).some(hasExpression);
	return false;
}

/** What `{{ $json.field }}` gives for input item `itemIndex`: the field's value, undefined when the item has none. */
function itemField(ctx: IExecuteFunctions, itemIndex: number, field: string): unknown {
	const json = ctx.getInputData()[itemIndex]?.json ?? {};
	return Object.prototype.hasOwnProperty.call(json, field) ? json[field] : undefined;
}

/** The value of parameter `name` for item `itemIndex`, as `getNodeParameter` gives it. */
export function itemParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex, fallback, { rawExpressions: true });
	const field = jsonFieldOf(raw);
	if (field !== undefined) return itemField(ctx, itemIndex, field);
	return hasExpression(raw) ? ctx.getNodeParameter(name, itemIndex, fallback) : raw;
}

function isLocator(raw: unknown): raw is { __rl: true; mode: unknown; value: unknown } {
	return raw !== null && typeof raw === 'object' && (raw as { __rl?: unknown }).__rl === true;
}

/**
 * The value of resource locator `name` for item `itemIndex`, as `getNodeParameter(..., { extractValue: true })` gives
 * it for a locator whose modes have no `extractValue` rule (the value as entered, or what its expression returns).
 */
export function itemLocatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex, fallback, { rawExpressions: true });
	if (isLocator(raw) && !hasExpression(raw.mode)) {
		const field = jsonFieldOf(raw.value);
		if (field !== undefined) return itemField(ctx, itemIndex, field);
		if (!hasExpression(raw.value)) return raw.value;
	}
	return ctx.getNodeParameter(name, itemIndex, fallback, { extractValue: true });
}

/**
 * The one failure vocabulary of the pack: how a vendor failure becomes an n8n error, which errors stop the
 * whole run, and the one shape of a failed output item (`status: 'failed'`, `code`, `field`, `message`,
 * `description`). Business outcomes (`skipped-closed`, `needs-review`, ...) keep their own status words but use
 * the same `code` / `message` / `description` fields.
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What went wrong, in words an operations person can act on. */
export interface Failure {
	/** Stable, machine-readable: a vendor code (`MUT_104`, `1002`), or the pack's own (`UNBALANCED`, `INVALID_BSN`). */
	code: string;
	/** One line: what happened. */
	message: string;
	/** What to do about it. */
	description: string;
	/** The input field at fault, when one is. */
	field?: string | null;
}

/** The json of every failed output item across the pack. */
export interface FailedItemJson extends IDataObject {
	status: 'failed';
	code: string;
	field: string | null;
	message: string;
	description: string;
}

interface ErrorExtras {
	itemIndex?: number;
	/** The credential or the connection is wrong: no later item can succeed, so the run stops. */
	stopRun?: boolean;
}

/** The code an error carries when nothing more specific is known. */
export const UNKNOWN_ERROR_CODE = 'ERROR';

function withFailure<E extends NodeApiError | NodeOperationError>(error: E, failure: Failure, extras: ErrorExtras): E {
	// NodeApiError replaces the message with a generic text for some status codes; keep ours.
	error.message = failure.message;
	error.description = failure.description;
	error.context = {
		...(error.context ?? {}),
		code: failure.code,
		field: failure.field ?? null,
		...(extras.itemIndex !== undefined ? { itemIndex: extras.itemIndex } : {}),
		...(extras.stopRun ? { stopRun: true } : {}),
	};
	return error;
}

/** A vendor answered with an error. `response` is what the vendor sent (without secrets). */
export function vendorError(
	node: INode,
	response: JsonObject,
	failure: Failure,
	extras: ErrorExtras & { httpCode?: number | string } = {},
): NodeApiError {
	const error = new NodeApiError(node, response, {
		message: failure.message,
		description: failure.description,
		httpCode: extras.httpCode !== undefined ? String(extras.httpCode) : undefined,
		itemIndex: extras.itemIndex,
	});
	return withFailure(error, failure, extras);
}

/** A problem in the input or the node's settings (nothing was sent, or the answer made no sense). */
export function inputError(node: INode, failure: Failure, extras: ErrorExtras = {}): NodeOperationError {
	const error = new NodeOperationError(node, failure.message, {
		description: failure.description,
		itemIndex: extras.itemIndex,
	});
	return withFailure(error, failure, extras);
}

/** Marks an error as one that stops the run (credential refused, session cannot be opened). */
export function markStopRun<E extends Error>(error: E): E {
	const target = error as E & { context?: IDataObject };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		target.context = { ...(target.context ?? {}), stopRun: true };
	} else {
		(target as E & { stopRun?: boolean }).stopRun = true;
	}
	return error;
}

/** The one test for "stop the run": such errors are thrown even with Continue On Fail. */
export function isStopRunError(error: unknown): boolean {
	if (!error || typeof error !== 'object') return false;
	const e = error as { context?: IDataObject; stopRun?: boolean };
	return e.stopRun === true || e.context?.stopRun === true;
}

/** An error as an n8n error carrying the item index; n8n errors pass unchanged. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context && error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	const wrapped = new NodeOperationError(node, error as Error, { itemIndex });
	if (isStopRunError(error)) markStopRun(wrapped);
	return wrapped;
}

/** A failed output item. */
export function failedItem(failure: Failure): FailedItemJson {
	return {
		status: 'failed',
		code: failure.code,
		field: failure.field ?? null,
		message: failure.message,
		description: failure.description,
	};
}

/** What an error says, as a {@link Failure}: its code and field when the pack set them, else from the HTTP status. */
export function failureOf(error: unknown): Failure {
	const e = (error && typeof error === 'object' ? error : {}) as {
		message?: string;
		description?: string | null;
		httpCode?: string | null;
		context?: IDataObject;
	};
	const code =
		typeof e.context?.code === 'string' && e.context.code !== ''
			? e.context.code
			: e.httpCode
				? `HTTP_${e.httpCode}`
				: UNKNOWN_ERROR_CODE;
	const field = typeof e.context?.field === 'string' ? e.context.field : null;
	return {
		code,
		field,
		message: e.message ?? String(error),
		description: e.description ?? 'Check the parameters of this item and run the workflow again.',
	};
}

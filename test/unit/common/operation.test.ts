import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { forOperation, limitOf, returnAllAndLimit } from '../../../nodes/common/description';
import {
	asNodeError,
	failedItem,
	failureOf,
	inputError,
	isStopRunError,
	markStopRun,
	vendorError,
} from '../../../nodes/common/failures';
import { WithBinary } from '../../../nodes/common/execute';
import type { BatchOperation, ItemOperation, NodeOperations } from '../../../nodes/common/operation';
import { resourceDescription, route } from '../../../nodes/common/operation';
import { executeContext, fakeNode } from '../kit/context';

type Service = { calls: number };

const echo: ItemOperation<Service> = {
	option: { name: 'Echo', value: 'echo', action: 'Echo an item', description: 'Returns the item' },
	description: [{ displayName: 'Text', name: 'text', type: 'string', default: '' }],
	async execute(this: IExecuteFunctions, itemIndex: number, service: Service) {
		service.calls++;
		const text = this.getNodeParameter('text', itemIndex) as string;
		if (text === 'bad') throw inputError(this.getNode(), { code: 'BAD_TEXT', field: 'text', message: 'The text is bad', description: 'Use good text.' });
		if (text === 'token') throw vendorError(this.getNode(), {}, { code: 'UNAUTHORIZED', message: 'Token refused', description: 'Renew the token.' }, { stopRun: true, httpCode: 401 });
		if (text === 'crash') throw new Error('plain failure');
		if (text === 'file') return new WithBinary({ text }, { data: { data: 'eA==', mimeType: 'text/plain' } });
		return text === 'two' ? [{ text }, { text }] : { text };
	},
};

const batch: BatchOperation<Service> = {
	option: { name: 'All at Once', value: 'batch', action: 'Process all items', description: 'Whole input' },
	description: [],
	async executeBatch(this: IExecuteFunctions, service: Service): Promise<INodeExecutionData[]> {
		service.calls++;
		return this.getInputData().map((_item, i) => ({ json: { n: i }, pairedItem: { item: i } }));
	},
};

const operations: NodeOperations<Service> = { thing: { echo, batch } };

function run(texts: string[], extra: { continueOnFail?: boolean; operation?: string } = {}) {
	const service = { calls: 0 };
	const { ctx } = executeContext({
		items: texts.map(() => ({})),
		params: (name: string, i: number) => ({ resource: 'thing', operation: extra.operation ?? 'echo', text: texts[i] })[name],
		continueOnFail: extra.continueOnFail,
	});
	return { service, result: route.call(ctx, operations, service) };
}

describe('route (the one operation router)', () => {
	it('runs an item operation once per item and pairs every result with its input', async () => {
		const { service, result } = run(['a', 'two']);
		const [out] = await result;
		expect(out.map((o) => [o.json.text, o.pairedItem])).toEqual([
			['a', { item: 0 }],
			['two', { item: 1 }],
			['two', { item: 1 }],
		]);
		expect(service.calls).toBe(2);
	});

	it('passes files of an item operation on with the item', async () => {
		const [out] = await run(['file']).result;
		expect(out).toEqual([{ json: { text: 'file' }, binary: { data: { data: 'eA==', mimeType: 'text/plain' } }, pairedItem: { item: 0 } }]);
	});

	it('runs a batch operation once for the whole input', async () => {
		const { service, result } = run(['a', 'b', 'c'], { operation: 'batch' });
		expect((await result)[0].map((o) => o.json.n)).toEqual([0, 1, 2]);
		expect(service.calls).toBe(1);
	});

	it('with Continue On Fail, a failing item becomes one failed item with the shared fields', async () => {
		const [out] = await run(['a', 'bad', 'crash'], { continueOnFail: true }).result;
		expect(out[1]).toEqual({
			json: { status: 'failed', code: 'BAD_TEXT', field: 'text', message: 'The text is bad', description: 'Use good text.' },
			pairedItem: { item: 1 },
		});
		expect(out[2].json).toMatchObject({ status: 'failed', code: 'ERROR', field: null, message: 'plain failure' });
		expect(out[2].pairedItem).toEqual({ item: 2 });
	});

	it('without Continue On Fail, the error is thrown with the item index', async () => {
		const error = await run(['a', 'bad']).result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it('an error that stops the run is thrown even with Continue On Fail', async () => {
		const error = await run(['a', 'token', 'b'], { continueOnFail: true }).result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toBe('Token refused');
		expect((error as NodeApiError).context.itemIndex).toBe(1);
	});

	it('handles itemsAtOnce items at the same time and still outputs them in input order', async () => {
		let inFlight = 0;
		let most = 0;
		const slow: ItemOperation<Service> = {
			...echo,
			itemsAtOnce: 3,
			async execute(this: IExecuteFunctions, itemIndex: number, service: Service) {
				inFlight++;
				most = Math.max(most, inFlight);
				await new Promise((resolve) => setTimeout(resolve, 5 * ((itemIndex * 7) % 4)));
				inFlight--;
				return await echo.execute.call(this, itemIndex, service);
			},
		};
		const texts = ['a', 'two', 'b', 'bad', 'c', 'd', 'e'];
		const { ctx } = executeContext({
			items: texts.map(() => ({})),
			params: (name: string, i: number) => ({ resource: 'thing', operation: 'echo', text: texts[i] })[name],
			continueOnFail: true,
		});
		const [out] = await route.call(ctx, { thing: { echo: slow } }, { calls: 0 });
		expect(most).toBe(3);
		expect(out.map((o) => [o.json.text ?? o.json.code, o.pairedItem])).toEqual([
			['a', { item: 0 }],
			['two', { item: 1 }],
			['two', { item: 1 }],
			['b', { item: 2 }],
			['BAD_TEXT', { item: 3 }],
			['c', { item: 4 }],
			['d', { item: 5 }],
			['e', { item: 6 }],
		]);
		// without Continue On Fail the failing item's error is thrown and no item after the ones under way starts
		const started: number[] = [];
		const failing: ItemOperation<Service> = { ...slow, async execute(this: IExecuteFunctions, itemIndex: number, service: Service) {
			started.push(itemIndex);
			return await slow.execute.call(this, itemIndex, service);
		} };
		const plain = executeContext({
			items: texts.map(() => ({})),
			params: (name: string, i: number) => ({ resource: 'thing', operation: 'echo', text: texts[i] })[name],
		});
		const error = await route.call(plain.ctx, { thing: { echo: failing } }, { calls: 0 }).catch((e: unknown) => e);
		expect((error as NodeOperationError).context.itemIndex).toBe(3);
		expect(Math.max(...started)).toBeLessThan(texts.length - 1);
	});

	it('names an unknown operation and says what to do', async () => {
		const error = (await run(['a'], { operation: 'gone' }).result.catch((e: unknown) => e)) as NodeOperationError;
		expect(error.message).toBe('The operation "gone" of "thing" is not known');
		expect(error.description).toMatch(/Choose the resource and operation/);
	});
});

describe('resourceDescription', () => {
	it('builds the Operation selector sorted by name and shows each parameter only for its operation', () => {
		const props = resourceDescription('thing', { echo, batch }, 'echo');
		expect(props[0]).toMatchObject({ name: 'operation', default: 'echo', displayOptions: { show: { resource: ['thing'] } } });
		expect((props[0].options as Array<{ value: string }>).map((o) => o.value)).toEqual(['batch', 'echo']);
		expect(props[1]).toMatchObject({ name: 'text', displayOptions: { show: { resource: ['thing'], operation: ['echo'] } } });
	});

	it('refuses an index whose key differs from the option value', () => {
		expect(() => resourceDescription('thing', { other: echo }, 'other')).toThrow(/option value "echo"/);
	});
});

describe('Return All / Limit', () => {
	it('keeps the limit hidden while Return All is on', () => {
		const [returnAll, limit] = forOperation('thing', 'getMany', returnAllAndLimit);
		expect(returnAll.displayOptions?.show).toEqual({ resource: ['thing'], operation: ['getMany'] });
		expect(limit.displayOptions?.show).toEqual({ returnAll: [false], resource: ['thing'], operation: ['getMany'] });
	});

	it('reads undefined for Return All, else the limit', () => {
		const params = (values: IDataObject) => ({ getNodeParameter: (name: string, _i: number, fallback?: unknown) => values[name] ?? fallback }) as unknown as IExecuteFunctions;
		expect(limitOf(params({ returnAll: true, limit: 5 }), 0)).toBeUndefined();
		expect(limitOf(params({ returnAll: false, limit: 5 }), 0)).toBe(5);
		expect(limitOf(params({}), 0)).toBe(50);
	});
});

describe('failure vocabulary', () => {
	const node = fakeNode();

	it('a vendor error keeps its readable message even for status codes n8n rewrites', () => {
		const error = vendorError(node, { code: 'X' }, { code: 'NOT_FOUND', message: 'Client kl_1 not found', description: 'Check the id.' }, { httpCode: 404, itemIndex: 3 });
		expect(error.message).toBe('Client kl_1 not found');
		expect(error.description).toBe('Check the id.');
		expect(failureOf(error)).toEqual({ code: 'NOT_FOUND', field: null, message: 'Client kl_1 not found', description: 'Check the id.' });
		expect(error.context.itemIndex).toBe(3);
	});

	it('an error without a pack code is reported by its HTTP status', () => {
		const error = new NodeApiError(node, {}, { message: 'Teapot', httpCode: '418' });
		expect(failureOf(error).code).toBe('HTTP_418');
	});

	it('marks and recognises errors that stop the run, also after wrapping', () => {
		expect(isStopRunError(new Error('x'))).toBe(false);
		const plain = markStopRun(new Error('session refused'));
		expect(isStopRunError(plain)).toBe(true);
		expect(isStopRunError(asNodeError(node, plain, 0))).toBe(true);
		expect(isStopRunError(markStopRun(inputError(node, { code: 'A', message: 'b', description: 'c' })))).toBe(true);
	});

	it('asNodeError keeps n8n errors and adds the item index once', () => {
		const error = inputError(node, { code: 'A', message: 'b', description: 'c' }, { itemIndex: 1 });
		expect(asNodeError(node, error, 5)).toBe(error);
		expect(error.context.itemIndex).toBe(1);
	});

	it('a failed item always has every field', () => {
		expect(failedItem({ code: 'A', message: 'b', description: 'c' })).toEqual({ status: 'failed', code: 'A', field: null, message: 'b', description: 'c' });
	});
});

/**
 * What n8n's node panel and parameter panel show of our descriptions. The node panel (editor-ui
 * useActionsGeneration.generateMergedNodesAndActions) merges "X Trigger" into "X" and shows the trigger's
 * description for the merged entry; action names come from each operation option's `action`; trigger entries from
 * the Event option's `action` (else "On {name}").
 */
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { EBoekhouden } from '../../../nodes/EBoekhouden/EBoekhouden.node';
import { Nextens } from '../../../nodes/Nextens/Nextens.node';
import { NextensTrigger } from '../../../nodes/Nextens/NextensTrigger.node';
import { Nmbrs } from '../../../nodes/Nmbrs/Nmbrs.node';
import { NmbrsTrigger } from '../../../nodes/Nmbrs/NmbrsTrigger.node';

const actionNodes: INodeTypeDescription[] = [new Nextens().description, new Nmbrs().description, new EBoekhouden().description];

function operationOptions(description: INodeTypeDescription): INodePropertyOptions[] {
	return description.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) => (p.options ?? []) as INodePropertyOptions[]);
}

function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((p) => [p, ...allProperties(((p.options ?? []) as INodeProperties[]).filter((o) => typeof o === 'object' && 'type' in o))]);
}

describe('node panel wording', () => {
	test('every action reads as a sentence and keeps acronyms in capitals', () => {
		const actions = actionNodes.flatMap((d) => operationOptions(d).map((o) => o.action ?? ''));
		for (const action of actions) {
			expect(action).toMatch(/^[A-Z][a-z]+ /);
			expect(action).not.toMatch(/\b(sbas?|bsn|rsin)\b/);
		}
		expect(actions).toContain("Get many SBA's");
		expect(actions).toContain('Get an SBA');
	});

	test.each([
		[new Nextens().description, new NextensTrigger().description, 'On new SBA received'],
		[new Nmbrs().description, new NmbrsTrigger().description, 'On new or changed payroll journal'],
	])('%# the merged panel entry shows the action node description; the trigger entry reads naturally', (node, trigger, entry) => {
		expect(trigger.name).toBe(`${node.name}Trigger`);
		expect(trigger.description).toBe(node.description);
		const event = trigger.properties.find((p) => p.displayName === 'Event');
		const options = (event?.options ?? []) as INodePropertyOptions[];
		expect(options.map((o) => o.action)).toEqual([entry]);
		expect(options[0].description).toMatch(/^Starts the workflow when /);
	});

	test('every year field that takes 0 for the current year says so without hovering', () => {
		const descriptions = [...actionNodes, new NmbrsTrigger().description];
		const yearFields = descriptions.flatMap((d) => allProperties(d.properties)).filter((p) => /year/i.test(p.name) && p.type === 'number' && p.default === 0);
		expect(yearFields.length).toBeGreaterThanOrEqual(4);
		for (const field of yearFields) expect(field.hint).toMatch(/^0 = the current year/);
	});
});

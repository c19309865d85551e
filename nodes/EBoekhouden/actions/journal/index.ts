import { resourceDescription, type ResourceOperations } from '../../../common/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import * as postPayrollJournal from './postPayrollJournal';
import * as reconcile from './reconcile';

export const operations = { postPayrollJournal, reconcile } satisfies ResourceOperations<EBoekhoudenClient>;

export const description = resourceDescription('journal', operations, 'postPayrollJournal');

// The platform contract for the test-only webhook platform: one folder and one registry entry.
import { platformContract } from '../../contract/platform-contract.ts';
import { startWebhookHarness } from './webhook-harness.ts';

platformContract('webhook', startWebhookHarness);

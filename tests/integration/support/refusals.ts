import { answerRefusalsAsHttpErrors } from '../../../src/lib/server/http/refusals';

// Tests call commands as the routes do, and see a refusal as the routes answer it (401/403/404).
answerRefusalsAsHttpErrors();

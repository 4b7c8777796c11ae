/**
 * What every refusal tells an agent, in one wording: what not to try instead, then to ask the
 * human. An agent that reads a denial as a problem to solve looks for another way, so the sentence
 * names the other ways.
 */
export const noOtherWay = 'Do not retry this another way: no other command, tool, script, copy, credential or API call.';
export const askTheUser = 'Stop and ask the user how to proceed.';
export const stopAndAsk = `${noOtherWay} ${askTheUser}`;

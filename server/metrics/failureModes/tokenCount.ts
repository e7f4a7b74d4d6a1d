/**
 * Tokenizer fallback for reasoning length when the provider reports no count: the same o200k_base
 * counter the LLM layer uses for usage estimates, so both kinds of counts agree.
 */
export { countTokens as countO200kTokens } from "../../llm/tokenCount";

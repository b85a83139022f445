// Package guardrail provides Guardrail, an Amazon Bedrock guardrail for the
// prompts and answers of a model: content filters at HIGH strength,
// including the prompt-attack filter against prompt injection, handling of
// personal data (block or anonymize per entity type), denied topics, word
// lists and the managed profanity list, encryption with a customer-managed
// key, and a published version that changes whenever the configuration
// does.
package guardrail

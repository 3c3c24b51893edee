/**
 * Facts Airlock reads from inside a call's parameters, for Cedar to decide on: what an SSM shell
 * script does ({@link dev.airlock.awsapi.classify.ShellCommand}, rules in
 * {@code classify/read-only-commands.json}) and what a DynamoDB PartiQL statement does
 * ({@link dev.airlock.awsapi.classify.PartiqlStatement}). Both read with real grammars, never
 * with patterns, and answer UNKNOWN, with a reason, for whatever they cannot read exactly.
 */
package dev.airlock.awsapi.classify;

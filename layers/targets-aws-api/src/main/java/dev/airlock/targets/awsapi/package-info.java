/**
 * Runs AWS calls the AWS API engine rebuilt: signs them with the SDK v2 SigV4 signer under an STS
 * session whose policy allows exactly that call, and sends them to the target account.
 */
package dev.airlock.targets.awsapi;

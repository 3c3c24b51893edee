/**
 * Masking of AWS answers on their way back to the agent ({@link dev.airlock.awsapi.mask.AwsAnswerMasker}):
 * JSON, XML, SSM parameters and streamed S3 objects, through the masking layer's detectors.
 */
package dev.airlock.awsapi.mask;

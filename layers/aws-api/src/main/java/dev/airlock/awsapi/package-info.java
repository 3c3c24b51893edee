/**
 * The AWS API engine: an agent's AWS call, read from the SDKs' wire protocols or from Airlock's
 * JSON form, classified with the curated catalog ({@code catalog/<service>.json}), rebuilt from
 * Airlock's own parse and masked on the way back. Plain Java; signing and sending are the
 * {@code targets-aws-api} backend's.
 */
package dev.airlock.awsapi;

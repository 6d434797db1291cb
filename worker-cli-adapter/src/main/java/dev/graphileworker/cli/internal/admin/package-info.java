/**
 * What the operator commands ({@code jobs}, {@code queues}, {@code workers}) print: aligned tables that
 * fit a terminal, one JSON object per line, the confirmation question.
 */
package dev.graphileworker.cli.internal.admin;

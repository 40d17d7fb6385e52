/**
 * Imported first by the exam load test: modules read these when they load (the logger its
 * level), before the test's own code runs.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL = 'SILENT';

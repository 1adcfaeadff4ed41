{{/* Each app's environment: what its configuration schema reads (libs/config, apps/api/src/config). */}}
{{- define "suivi.env.common" -}}
- { name: NODE_ENV, value: {{ .Values.nodeEnv | quote }} }
- { name: LOG_LEVEL, value: {{ .Values.logLevel | quote }} }
{{- end -}}

{{- define "suivi.env.temporal" -}}
- { name: TEMPORAL_ADDRESS, value: {{ .Values.temporal.address | quote }} }
- { name: TEMPORAL_NAMESPACE, value: {{ .Values.temporal.namespace | quote }} }
{{ include "suivi.secretEnv" (dict "root" . "group" "codecKeys" "key" .Values.secrets.codecKeys.key "name" "TEMPORAL_CODEC_KEYS") }}
{{- end -}}

{{- define "suivi.env.kafka" -}}
- { name: KAFKA_BROKERS, value: {{ .Values.kafka.brokers | quote }} }
- { name: KAFKA_CLIENT_ID, value: {{ .Values.kafka.clientId | quote }} }
{{- end -}}

{{- define "suivi.env.database" -}}
{{ include "suivi.secretEnv" (dict "root" . "group" "app" "key" "DATABASE_URL") }}
{{- end -}}

{{- define "suivi.env.api" -}}
{{- $v := .Values.api -}}
{{ include "suivi.env.temporal" . }}
- { name: TEMPORAL_TASK_QUEUE, value: {{ .Values.temporal.taskQueue | quote }} }
{{ include "suivi.env.kafka" . }}
{{ include "suivi.env.database" . }}
{{ include "suivi.secretEnv" (dict "root" . "group" "app" "key" "CASE_KEYSTORE_DATABASE_URL" "optional" true) }}
{{ include "suivi.secretEnv" (dict "root" . "group" "caseMasterKeys" "key" .Values.secrets.caseMasterKeys.key "name" "CASE_MASTER_KEYS") }}
{{ include "suivi.secretEnv" (dict "root" . "group" "app" "key" "CALENDAR_FEED_SECRET") }}
{{ include "suivi.secretEnv" (dict "root" . "group" "app" "key" "NOTIFIER_UNSUBSCRIBE_KEY") }}
- { name: API_HOST, value: "0.0.0.0" }
- { name: API_PORT, value: {{ $v.port | quote }} }
- { name: API_PUBLIC_URL, value: {{ $v.publicUrl | quote }} }
- { name: API_MIGRATIONS_DIR, value: {{ printf "%s/apps/api/migrations" .Values.appRoot | quote }} }
- { name: API_BODY_LIMIT_BYTES, value: {{ $v.bodyLimitBytes | quote }} }
- { name: WEB_DIST_DIR, value: {{ printf "%s/dist/apps/web" .Values.appRoot | quote }} }
- { name: AUTH_JWKS_URL, value: {{ $v.auth.jwksUrl | quote }} }
- { name: AUTH_ISSUER, value: {{ $v.auth.issuer | quote }} }
- { name: AUTH_AUDIENCE, value: {{ $v.auth.audience | quote }} }
- { name: AUTH_ROLE_CLAIM, value: {{ $v.auth.roleClaim | quote }} }
- { name: AUTH_COUNTRIES_CLAIM, value: {{ $v.auth.countriesClaim | quote }} }
- { name: WEB_OIDC_AUTHORITY, value: {{ $v.web.oidcAuthority | quote }} }
- { name: WEB_OIDC_CLIENT_ID, value: {{ $v.web.oidcClientId | quote }} }
- { name: WEB_OIDC_SCOPE, value: {{ $v.web.oidcScope | quote }} }
- { name: CODEC_ENDPOINT_ENABLED, value: {{ $v.codecEndpoint.enabled | quote }} }
{{- if $v.codecEndpoint.corsOrigins }}
- { name: CODEC_CORS_ORIGINS, value: {{ $v.codecEndpoint.corsOrigins | quote }} }
{{- end }}
- { name: COMMAND_DELIVERY_TIMEOUT_MS, value: {{ $v.commandDeliveryTimeoutMs | quote }} }
- { name: COMMAND_RETRY_AFTER_SECONDS, value: {{ $v.commandRetryAfterSeconds | quote }} }
- { name: READINESS_WORKER_MAX_POLL_AGE_MS, value: {{ $v.readinessWorkerMaxPollAgeMs | quote }} }
{{- end -}}

{{- define "suivi.env.worker" -}}
{{- $v := .Values.worker -}}
{{ include "suivi.env.temporal" . }}
- { name: TEMPORAL_TASK_QUEUE, value: {{ .Values.temporal.taskQueue | quote }} }
{{ include "suivi.env.kafka" . }}
- { name: WORKFLOW_BUNDLE_PATH, value: {{ printf "%s/dist/workflows/workflow-bundle.js" .Values.appRoot | quote }} }
- { name: WORKER_MAX_CACHED_WORKFLOWS, value: {{ $v.maxCachedWorkflows | quote }} }
- { name: WORKER_WORKFLOW_THREADS, value: {{ $v.workflowThreads | quote }} }
{{- /* What the launcher passes on node's command line (infra/src/stack.ts), through NODE_OPTIONS. */}}
- name: NODE_OPTIONS
  value: {{ printf "--max-old-space-size=%d%s" (int $v.heapMiB) (ternary "" (printf " --require %s/apps/worker/preload/workflow-stack-traces-off.cjs" .Values.appRoot) $v.workflowStackTraces) | quote }}
{{- end -}}

{{- define "suivi.env.projector" -}}
{{- $v := .Values.projector -}}
{{ include "suivi.env.kafka" . }}
{{ include "suivi.env.database" . }}
- { name: PROJECTOR_GROUP_ID, value: {{ $v.groupId | quote }} }
- { name: MIGRATIONS_DIR, value: {{ printf "%s/apps/projector/migrations" .Values.appRoot | quote }} }
- { name: PROJECTOR_METRICS_HOST, value: "0.0.0.0" }
- { name: PROJECTOR_METRICS_PORT, value: {{ $v.metricsPort | quote }} }
- { name: PROJECTOR_GAP_RETRY_MS, value: {{ $v.gapRetryMs | quote }} }
{{- end -}}

{{- define "suivi.env.notifier" -}}
{{- $v := .Values.notifier -}}
{{ include "suivi.env.temporal" . }}
{{ include "suivi.env.kafka" . }}
{{ include "suivi.env.database" . }}
{{ include "suivi.secretEnv" (dict "root" . "group" "app" "key" "NOTIFIER_UNSUBSCRIBE_KEY") }}
{{ include "suivi.secretEnv" (dict "root" . "group" "app" "key" "SMTP_USER" "optional" true) }}
{{ include "suivi.secretEnv" (dict "root" . "group" "app" "key" "SMTP_PASSWORD" "optional" true) }}
- { name: SMTP_HOST, value: {{ .Values.smtp.host | quote }} }
- { name: SMTP_PORT, value: {{ .Values.smtp.port | quote }} }
- { name: SMTP_SECURE, value: {{ .Values.smtp.secure | quote }} }
- { name: MAIL_FROM, value: {{ .Values.smtp.mailFrom | quote }} }
- { name: NOTIFIER_GROUP_ID, value: {{ $v.groupId | quote }} }
- { name: NOTIFIER_TASK_QUEUE, value: {{ $v.taskQueue | quote }} }
- { name: NOTIFIER_MIGRATIONS_DIR, value: {{ printf "%s/apps/notifier/migrations" .Values.appRoot | quote }} }
- { name: WORKFLOW_BUNDLE_PATH, value: {{ printf "%s/dist/workflows/workflow-bundle.js" .Values.appRoot | quote }} }
- { name: WEB_PUBLIC_URL, value: {{ $v.webPublicUrl | default .Values.api.publicUrl | quote }} }
- { name: NOTIFIER_MAIL_INTERVAL_MS, value: {{ $v.mailIntervalMs | quote }} }
- { name: NOTIFIER_ZONE_SYNC_MS, value: {{ $v.zoneSyncMs | quote }} }
{{- end -}}

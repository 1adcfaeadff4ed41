{{/* The release's base name: the release name when it already says "suivi". */}}
{{- define "suivi.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The four apps, in the order they are rendered. */}}
{{- define "suivi.apps" -}}api worker projector notifier{{- end -}}

{{/* Labels selecting one app's pods: (dict "root" $ "app" "api"). */}}
{{- define "suivi.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .app }}
{{- end -}}

{{- define "suivi.labels" -}}
{{ include "suivi.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* Labels of the release's objects that belong to no single app. */}}
{{- define "suivi.commonLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "suivi.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create -}}
{{ include "suivi.fullname" .root }}-{{ .app }}
{{- else -}}
default
{{- end -}}
{{- end -}}

{{/* The Secret holding a group's keys (codecKeys, caseMasterKeys, app): the operator's or ours. */}}
{{- define "suivi.secretName" -}}
{{- $group := index .root.Values.secrets .group -}}
{{- if $group.existingSecret -}}
{{ $group.existingSecret }}
{{- else -}}
{{ include "suivi.fullname" .root }}-{{ .group | kebabcase }}
{{- end -}}
{{- end -}}

{{/* An env entry read from a Secret: (dict "root" $ "group" "app" "key" "DATABASE_URL" "optional" false). */}}
{{- define "suivi.secretEnv" -}}
- name: {{ .name | default .key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "suivi.secretName" . }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{/* Values the operator must give (no default makes sense), checked once here. */}}
{{- define "suivi.required" -}}
{{- $v := .Values -}}
{{- $_ := required "api.publicUrl is required: the public https:// address of the API (it serves the web app)" $v.api.publicUrl -}}
{{- $_ := required "api.auth.jwksUrl is required: the JWKS URL of your OpenID Connect identity provider" $v.api.auth.jwksUrl -}}
{{- $_ := required "api.auth.issuer is required: the `iss` claim of your identity provider's access tokens" $v.api.auth.issuer -}}
{{- $_ := required "api.web.oidcAuthority is required: the issuer URL the web app signs users in with" $v.api.web.oidcAuthority -}}
{{- $_ := required "api.web.oidcClientId is required: the web app's public client id at that provider" $v.api.web.oidcClientId -}}
{{- $_ := required "smtp.host is required: the organisation's SMTP relay" $v.smtp.host -}}
{{- $_ := required "smtp.mailFrom is required: the sender of every message, e.g. \"Suivi <suivi@example.org>\"" $v.smtp.mailFrom -}}
{{- end -}}

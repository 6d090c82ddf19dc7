/**
 * A throwaway self-signed certificate for `hooks.example` (P-256, valid until 2126), made with
 * `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500
 * -subj /CN=hooks.example -addext subjectAltName=DNS:hooks.example`. Tests only: nothing trusts it.
 */
export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgaUKoB7jinNj0fGmd
F1CGV6/Kh8wujEpMvxt0Vc4hCvOhRANCAATiPhEvq1YISnW4w+LppphwkOb8N+ie
oxT+fk/qJgSMwTJaQPr8j+5A5bmBAOQ6SJ80Rs2Ttlmzkpq9r7t5a/p3
-----END PRIVATE KEY-----
`

export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBoTCCAUegAwIBAgIUVhwQ0Rvwpq/BGRJUKsjt5j4RpOMwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNaG9va3MuZXhhbXBsZTAgFw0yNjEyMDEyMjM1NTdaGA8yMTI2
MTEwNzIyMzU1N1owGDEWMBQGA1UEAwwNaG9va3MuZXhhbXBsZTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABOI+ES+rVghKdbjD4ummmHCQ5vw36J6jFP5+T+omBIzB
MlpA+vyP7kDluYEA5DpInzRGzZO2WbOSmr2vu3lr+nejbTBrMB0GA1UdDgQWBBTB
hXyp4iJGaygT0u7JFP/QWGflaTAfBgNVHSMEGDAWgBTBhXyp4iJGaygT0u7JFP/Q
WGflaTAPBgNVHRMBAf8EBTADAQH/MBgGA1UdEQQRMA+CDWhvb2tzLmV4YW1wbGUw
CgYIKoZIzj0EAwIDSAAwRQIgWSOsYuMrU/xa1rKmiSRu66Q4JWjA/d5ran2dgJXx
hWUCIQDq7bBwSTcC7S4Qi1btwC1RHIDByeid3T59AthszjtzjQ==
-----END CERTIFICATE-----
`

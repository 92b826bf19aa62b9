/**
 * The Kubernetes validating admission webhook: the API server sends an AdmissionReview, Velocity
 * answers allowed or denied with the same messages its own apply would give.
 */
package sh.velocity.web.admission;

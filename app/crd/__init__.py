"""CDS Hooks 2.0 services (HL7 Da Vinci CRD) under /cds-services, for EHRs; and beside them the FHIR mapping
they read a request with (fhir_answers.py, fhir_credentials.py, fhir_resources.py, code_systems.py), plain
Python with no Flask. This file imports no Flask either, so that the mapping can be imported without it: the
blueprint is made in routes.py, and attached by register()."""
import logging


def register(app) -> None:
    """The hooks' blueprint, exempt from CSRF (EHRs call the hooks with a JWT, never a cookie), configured."""
    from ..extensions import csrf
    from .routes import bp

    app.register_blueprint(bp)
    csrf.exempt(bp)
    configure(app)


def configure(app) -> None:
    """Read the trusted issuers' keys from instance/, and say loudly when no token is checked."""
    from ..coverage.icd10 import look_up
    from .hook import validate_resource
    from .replay import DatabaseSeenTokens
    from .respond import PA_CODES
    from .trust import load_issuers

    if app.config["CRD_PA_NEEDED"] not in (*PA_CODES, "none"):
        raise ValueError(f"CRD_PA_NEEDED must be one of {', '.join(PA_CODES)} or none, "
                         f"not {app.config['CRD_PA_NEEDED']!r}")
    if not isinstance(app.config["CRD_MAX_ORDERS"], int) or app.config["CRD_MAX_ORDERS"] < 1:
        raise ValueError(f"CRD_MAX_ORDERS must be a whole number of 1 or more, not {app.config['CRD_MAX_ORDERS']!r}")
    app.extensions["crd_issuers"] = load_issuers(app.config["CRD_TRUSTED_ISSUERS"], app.instance_path)
    app.extensions["crd_seen_tokens"] = DatabaseSeenTokens()
    # the ICD-10-CM table and the FHIR models load once per process, now rather than on the first hook call
    look_up("F32.9")
    validate_resource({"resourceType": "ServiceRequest", "status": "draft", "intent": "order",
                       "subject": {"reference": "Patient/warm-up"}}, "warm-up")
    if app.config["CRD_JWT_REQUIRED"] and not app.extensions["crd_issuers"] and not app.testing:
        logging.getLogger("coverage_check.crd").warning(
            "no trusted CDS Hooks issuer is configured (CRD_TRUSTED_ISSUERS): every hook call will be refused")
    if not app.config["CRD_JWT_REQUIRED"]:
        logging.getLogger("coverage_check.crd").warning(
            "CRD_JWT_REQUIRED is false: /cds-services answers ANY caller without checking a token. "
            "Use this for local trials only.")

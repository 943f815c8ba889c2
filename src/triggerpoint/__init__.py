"""triggerpoint: myofascial trigger point therapy for clinics and their clients."""

__version__ = "0.1.0"

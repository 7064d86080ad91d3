class Serializable:
    def to_dict(self):
        return dict(vars(self))
